import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopic, topics } from '@shop/contracts';
import { readTopic, testKafka, testTopicPrefix, waitFor } from '@shop/testing';
import { deadLetterHeaders, ensureTopics, type EventHandler } from '../src/index.js';
import { startCountingConsumer } from './counting-consumer.js';
import { orderPlacedEvent } from './support.js';

/** What a driver throws while its server restarts. */
function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

describe('event consumer during an outage', () => {
  const kafka = testKafka('outage-test');
  const producer = kafka.producer();

  beforeAll(async () => {
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  /** A topic of its own with `events` on one partition, in order. */
  async function topicWith(name: string, events: ReturnType<typeof orderPlacedEvent>[]) {
    const prefix = testTopicPrefix(name);
    const topic = `${prefix}${topics.orderOrder}`;
    await ensureTopics(kafka, [topic]);
    await producer.send({
      topic,
      messages: events.map((event) => ({ key: 'one-partition', value: JSON.stringify(event) })),
    });
    return { topic, groupId: `${prefix}group` };
  }

  // Fewer attempts than the outage has failures: only an uncounted outage gets through it.
  const retry = { attempts: 3, initialDelayMs: 20, maxDelayMs: 100, outageBudgetMs: 30_000 };
  const startConsumer = (topic: string, groupId: string, handler: EventHandler) =>
    startCountingConsumer(kafka, { topic, groupId, retry }, handler);

  it('waits out a dependency that refuses connections, and still dead-letters an ordinary failure', async () => {
    const delayed = orderPlacedEvent();
    const doomed = orderPlacedEvent();
    const fine = orderPlacedEvent();
    const { topic, groupId } = await topicWith('outage', [delayed, doomed, fine]);

    const delayedAttempts: number[] = [];
    const doomedAttempts: number[] = [];
    const { consumer, outcomes } = await startConsumer(topic, groupId, async (event, context) => {
      if (event.id === delayed.id) {
        delayedAttempts.push(context.attempt);
        if (delayedAttempts.length <= 6) throw connectionRefused();
      }
      if (event.id === doomed.id) {
        doomedAttempts.push(context.attempt);
        throw new Error('payment provider exploded');
      }
    });
    await waitFor(() => outcomes.length === 3, { timeoutMs: 30_000, what: 'three outcomes' });
    await consumer.stop();

    expect(outcomes).toEqual(['handled', 'dead-lettered', 'handled']);
    expect(delayedAttempts).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(doomedAttempts).toEqual([1, 2, 3]);
    const dead = await readTopic(kafka, deadLetterTopic(topic, groupId), 1);
    expect(dead.map((message) => (JSON.parse(message.value) as { id: string }).id)).toEqual([
      doomed.id,
    ]);
    expect(dead[0].headers[deadLetterHeaders.reason]).toBe('handler-failed');
    expect(dead[0].headers[deadLetterHeaders.attempts]).toBe('3');
  });

  it('leaves a message it is waiting on to the next member when it stops, without dead-lettering it', async () => {
    const waiting = orderPlacedEvent();
    const { topic, groupId } = await topicWith('outage-stop', [waiting]);

    let tries = 0;
    const first = await startConsumer(topic, groupId, async () => {
      tries += 1;
      throw connectionRefused();
    });
    await waitFor(() => tries >= 3, { timeoutMs: 30_000, what: 'the outage to be retried' });
    const stopStarted = Date.now();
    await first.consumer.stop();

    expect(Date.now() - stopStarted).toBeLessThan(10_000);
    expect(first.outcomes).toEqual([]);

    const handled: string[] = [];
    const second = await startConsumer(topic, groupId, async (event) => {
      handled.push(event.id);
    });
    await waitFor(() => second.outcomes.length === 1, {
      timeoutMs: 30_000,
      what: 'the redelivery',
    });
    await second.consumer.stop();

    expect(second.outcomes).toEqual(['handled']);
    expect(handled).toEqual([waiting.id]);
  });
});
