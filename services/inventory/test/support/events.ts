import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import {
  orderCancelled,
  orderConfirmed,
  orderPlaced,
  productCreated,
  type EventEnvelope,
} from '@shop/contracts';
import { createEnvelope } from '@shop/platform-messaging';
import { uniqueName, waitFor } from '@shop/testing';

/** `order.placed` as the order service writes it: one EUR price per line, the total adding up. */
export function orderPlacedEvent(
  lines: { sku: string; quantity: number }[],
  orderId: string = randomUUID(),
  /** The hold the order asks for; orders placed before they named one leave it out. */
  reservationId?: string,
) {
  const priced = lines.map((line) => ({ ...line, unitPrice: { amount: 1000, currency: 'EUR' } }));
  return createEnvelope(orderPlaced, {
    source: 'order',
    subject: orderId,
    data: {
      orderId,
      customerId: randomUUID(),
      lines: priced,
      total: {
        amount: priced.reduce((sum, line) => sum + line.quantity * 1000, 0),
        currency: 'EUR',
      },
      placedAt: new Date().toISOString(),
      ...(reservationId === undefined ? {} : { reservationId }),
    },
  });
}

export function orderConfirmedEvent(orderId: string, reservationId: string) {
  return createEnvelope(orderConfirmed, {
    source: 'order',
    subject: orderId,
    data: { orderId, reservationId, paymentId: 'pay-1', confirmedAt: new Date().toISOString() },
  });
}

export function orderCancelledEvent(
  orderId: string,
  previousStatus: 'PENDING' | 'CONFIRMED',
  reservationId?: string,
) {
  return createEnvelope(orderCancelled, {
    source: 'order',
    subject: orderId,
    data: {
      orderId,
      reason: 'customer',
      previousStatus,
      ...(reservationId && { reservationId }),
      cancelledAt: new Date().toISOString(),
    },
  });
}

export function productCreatedEvent(sku: string) {
  return createEnvelope(productCreated, {
    source: 'catalog',
    subject: `p-${sku.toLowerCase()}`,
    data: {
      productId: `p-${sku.toLowerCase()}`,
      sku,
      name: `Product ${sku}`,
      slug: sku.toLowerCase(),
      categoryId: 'c-1',
      price: { amount: 1000, currency: 'EUR' },
      status: 'active',
      productVersion: 1,
    },
  });
}

/** Produces events keyed by subject, as the outbox relays of the other services do. */
export class TestProducer {
  private constructor(private readonly producer: Producer) {}

  static async connect(kafka: Kafka): Promise<TestProducer> {
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    return new TestProducer(producer);
  }

  async send(topic: string, events: EventEnvelope[]): Promise<void> {
    await this.producer.send({
      topic,
      acks: -1,
      messages: events.map((event) => ({ key: event.subject, value: JSON.stringify(event) })),
    });
  }

  async sendRaw(topic: string, key: string, value: string): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages: [{ key, value }] });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}

export interface Collected {
  envelope: EventEnvelope;
  headers: Record<string, string>;
}

/** Everything published on a topic since the start, collected by one consumer for a whole file. */
export class TopicCollector {
  readonly received: Collected[] = [];

  private constructor(private readonly stopConsumer: () => Promise<void>) {}

  static async start(kafka: Kafka, topic: string): Promise<TopicCollector> {
    const consumer = kafka.consumer({ groupId: uniqueName('collector') });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const collector = new TopicCollector(() => consumer.disconnect());
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined)
            headers[name] = (Array.isArray(value) ? value[0] : value).toString();
        }
        collector.received.push({
          envelope: JSON.parse(message.value?.toString() ?? 'null') as EventEnvelope,
          headers,
        });
      },
    });
    return collector;
  }

  /** The envelopes of `type` about `subject` (any subject when omitted). */
  events(type: string, subject?: string): EventEnvelope[] {
    return this.received
      .map((item) => item.envelope)
      .filter(
        (event) => event.type === type && (subject === undefined || event.subject === subject),
      );
  }

  /** Waits until `count` events of `type` about `subject` arrived; returns them. */
  async waitFor(
    type: string,
    subject: string | undefined,
    count = 1,
    timeoutMs = 30_000,
  ): Promise<EventEnvelope[]> {
    return waitFor(() => this.events(type, subject).length >= count && this.events(type, subject), {
      timeoutMs,
      what: `${count} ${type} event(s)${subject ? ` about ${subject}` : ''}`,
    });
  }

  stop(): Promise<void> {
    return this.stopConsumer();
  }
}
