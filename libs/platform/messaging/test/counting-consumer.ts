import type { Kafka } from 'kafkajs';
import { deadLetterTopic } from '@shop/contracts';
import { ensureTopics, EventConsumer, type EventHandler, type RetryPolicy } from '../src/index.js';

/**
 * A consumer of `order.placed` on a topic of its own that records each message's outcome
 * (handled, dead-lettered), until the test stops it.
 */
export async function startCountingConsumer(
  kafka: Kafka,
  subscription: { topic: string; groupId: string; retry: RetryPolicy },
  handler: EventHandler,
): Promise<{ consumer: EventConsumer; outcomes: string[] }> {
  const outcomes: string[] = [];
  // The consumer waits for its topics; creating them is their owner's part (ADR 0015).
  await ensureTopics(kafka, [deadLetterTopic(subscription.topic, subscription.groupId)]);
  const consumer = new EventConsumer({
    kafka,
    groupId: subscription.groupId,
    topics: [subscription.topic],
    handlerFor: (type) => (type === 'order.placed' ? handler : undefined),
    retry: subscription.retry,
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  await consumer.start();
  return { consumer, outcomes };
}
