import type { EntityManager } from 'typeorm';
import type { EventDefinition, EventEnvelope } from '@shop/contracts';
import { toOutgoing } from '../publisher.js';

/** The notification channel that wakes the relay as soon as an outbox write commits. */
export const outboxChannel = 'shop_outbox';

/**
 * Writes events into the outbox inside the caller's transaction: the event exists exactly when
 * the state change that caused it does. A crash after the commit loses nothing; the relay
 * publishes on its next pass.
 */
export class Outbox {
  /** `topicPrefix` namespaces topics per environment on a shared cluster (see `toOutgoing`). */
  constructor(private readonly topicPrefix = '') {}

  /**
   * Validates the envelope against its contract, records it with the active trace context, and
   * queues a notification that Postgres delivers only if the transaction commits.
   */
  async add<TType extends string>(
    manager: EntityManager,
    definition: EventDefinition<TType>,
    envelope: EventEnvelope<unknown, TType>,
  ): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.add needs the EntityManager of an open transaction');
    }
    const event = toOutgoing(definition, envelope, this.topicPrefix);
    await manager.query(
      `WITH inserted AS (
         INSERT INTO outbox (id, topic, message_key, event_type, event_version, payload, trace_headers)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq
       )
       SELECT pg_notify($8, '') FROM inserted`,
      [
        event.eventId,
        event.topic,
        event.key,
        event.eventType,
        event.eventVersion,
        event.value,
        JSON.stringify(event.traceHeaders),
        outboxChannel,
      ],
    );
  }
}
