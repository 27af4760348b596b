import type { Kafka, Message, Producer } from 'kafkajs';
import type { EventDefinition, EventEnvelope } from '@shop/contracts';
import { eventHeaders } from './headers.js';
import { captureTraceHeaders, startProducerSpan } from './trace.js';

/** An event ready for Kafka: serialized once, with the trace context it was written in. */
export interface OutgoingEvent {
  topic: string;
  /** The envelope's subject: one aggregate's events share a partition and keep their order. */
  key: string;
  /** The serialized envelope. */
  value: string;
  eventId: string;
  eventType: string;
  eventVersion: number;
  /** Trace context (`traceparent`, `tracestate`) captured when the event was written. */
  traceHeaders: Record<string, string>;
}

/**
 * Serializes a validated envelope into an outgoing event, capturing the active trace context.
 * `topicPrefix` namespaces the topics of one environment (or one test) on a shared cluster.
 */
export function toOutgoing<TType extends string>(
  definition: EventDefinition<TType>,
  envelope: EventEnvelope<unknown, TType>,
  topicPrefix = '',
): OutgoingEvent {
  const valid = definition.envelope.parse(envelope);
  return {
    topic: `${topicPrefix}${definition.topic}`,
    key: valid.subject,
    value: JSON.stringify(valid),
    eventId: valid.id,
    eventType: valid.type,
    eventVersion: valid.version,
    traceHeaders: captureTraceHeaders(),
  };
}

/**
 * Publishes events to Kafka and resolves only once every in-sync replica has them (`acks: -1`).
 * Idempotent with one request in flight, so a retried batch neither duplicates nor reorders.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected?: Promise<void>;

  constructor(
    kafka: Kafka,
    private readonly topicPrefix = '',
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  /** Validates and publishes one event directly (services without a Postgres outbox). */
  async publish<TType extends string>(
    definition: EventDefinition<TType>,
    envelope: EventEnvelope<unknown, TType>,
  ): Promise<void> {
    await this.send([toOutgoing(definition, envelope, this.topicPrefix)]);
  }

  /** Sends a batch in order; per topic, one request. Throws if Kafka does not acknowledge. */
  async send(events: OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.connect();
    const spans = events.map((event) =>
      startProducerSpan(
        { topic: event.topic, eventType: event.eventType, eventId: event.eventId, key: event.key },
        event.traceHeaders,
      ),
    );
    const byTopic = new Map<string, Message[]>();
    events.forEach((event, i) => {
      const messages = byTopic.get(event.topic) ?? [];
      messages.push({
        key: event.key,
        value: event.value,
        headers: {
          ...spans[i].headers,
          [eventHeaders.id]: event.eventId,
          [eventHeaders.type]: event.eventType,
          [eventHeaders.version]: String(event.eventVersion),
          [eventHeaders.contentType]: 'application/json',
        },
      });
      byTopic.set(event.topic, messages);
    });
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      spans.forEach((span) => span.end());
    } catch (error) {
      spans.forEach((span) => span.end(error as Error));
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}
