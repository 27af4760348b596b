import { findEvent, type EventDefinition, type EventEnvelope } from '@shop/contracts';
import type { EventPublisher } from '@shop/platform-messaging';
import { metrics } from '@shop/platform-telemetry';
import type { EventPointerRepository } from './event-pointer.repository.js';
import type { PendingEvent, PendingEventSource } from './pending-event.js';

/**
 * Publish-after-write for a store without transactions across partitions: an event is stored on
 * the row it reports on (`prepare` first writes the relay's pointer), published to Kafka after
 * the row is written, then marked published. A crash in between leaves the event on the row,
 * where a redelivered command or the relay finds it and publishes it again, with the same id.
 */
export class EventPublication {
  private readonly sources = new Map<string, PendingEventSource>();

  constructor(
    private readonly publisher: Pick<EventPublisher, 'publish'>,
    private readonly pointers: EventPointerRepository,
  ) {}

  /** Makes a source's pending events findable by the relay. */
  register(source: PendingEventSource): void {
    this.sources.set(source.name, source);
  }

  source(name: string): PendingEventSource | undefined {
    return this.sources.get(name);
  }

  /** Serializes the envelope and writes the relay's pointer: call before writing the row. */
  async prepare<TType extends string>(
    source: PendingEventSource,
    key: string,
    definition: EventDefinition<TType>,
    envelope: EventEnvelope<unknown, TType>,
  ): Promise<PendingEvent> {
    const valid = definition.envelope.parse(envelope);
    await this.pointers.add({ eventId: valid.id, source: source.name, key });
    return { id: valid.id, json: JSON.stringify(valid) };
  }

  /** Publishes the events in id order, marking each published once Kafka acknowledged it. */
  async publish(
    source: PendingEventSource,
    key: string,
    events: readonly PendingEvent[],
  ): Promise<void> {
    for (const event of events) {
      const envelope = JSON.parse(event.json) as EventEnvelope;
      const definition = findEvent(envelope.type, envelope.version);
      if (!definition)
        throw new Error(`stored event ${event.id} has unknown type ${envelope.type}`);
      await this.publisher.publish(definition, envelope);
      await source.markPublished(key, event.id);
      await this.pointers.remove(event.id);
      metrics
        .counter('inventory_events_published_total', 'Events published to Kafka, by type.', [
          'event_type',
        ])
        .inc({ event_type: envelope.type });
    }
  }
}
