import { describe, expect, it } from 'vitest';
import { deadLetterTopic, topics } from '@shop/contracts';
import { testKafka, testTopicPrefix } from '@shop/testing';
import { awaitTopics, ensureTopics, EventConsumer, TopicsMissingError } from '../src/index.js';

describe('awaitTopics', () => {
  it('waits for topics created by their owner meanwhile, saying what it waits for', async () => {
    const kafka = testKafka('await-topics');
    const prefix = testTopicPrefix('await');
    const wanted = [`${prefix}a`, `${prefix}b`];
    await ensureTopics(kafka, [wanted[0]]);
    const waits: string[][] = [];

    const waiting = awaitTopics(kafka, wanted, {
      intervalMs: 100,
      onWait: (missing) => {
        waits.push(missing);
        // The owner creates the rest once the waiter has said what it misses.
        if (waits.length === 1) void ensureTopics(kafka, [wanted[1]]);
      },
    });

    await expect(waiting).resolves.toBeUndefined();
    expect(waits[0]).toEqual([wanted[1]]);
  });

  it('never creates a topic, and names the missing ones when the wait runs out', async () => {
    const kafka = testKafka('await-topics-missing');
    const missing = `${testTopicPrefix('await-missing')}never`;

    const error = await awaitTopics(kafka, [missing], { timeoutMs: 500, intervalMs: 100 }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(TopicsMissingError);
    expect((error as TopicsMissingError).missing).toEqual([missing]);
    expect((error as Error).message).toContain(missing);
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).not.toContain(missing);
    } finally {
      await admin.disconnect();
    }
  });

  it('gives up at once when its signal is aborted', async () => {
    const stop = new AbortController();
    const waiting = awaitTopics(testKafka('await-abort'), ['not.there.ever'], {
      intervalMs: 100,
      signal: stop.signal,
    });
    stop.abort(new Error('the service stops'));
    await expect(waiting).rejects.toThrow('the service stops');
  });
});

describe('EventConsumer.start', () => {
  it('waits for a missing dead-letter topic with a log line, and starts once it exists', async () => {
    const kafka = testKafka('consumer-waits');
    const prefix = testTopicPrefix('consumer-waits');
    const topic = `${prefix}${topics.orderOrder}`;
    const groupId = `${prefix}group`;
    await ensureTopics(kafka, [topic]);
    const warnings: string[] = [];
    const consumer = new EventConsumer({
      kafka,
      groupId,
      topics: [topic],
      handlerFor: () => undefined,
      logger: {
        warn: (line) => {
          warnings.push(line);
          if (warnings.length === 1) void ensureTopics(kafka, [deadLetterTopic(topic, groupId)]);
        },
        error: () => undefined,
      },
    });
    try {
      await consumer.start();
      expect(warnings[0]).toContain(`consumer of group ${groupId} waits for Kafka topics`);
      expect(warnings[0]).toContain(deadLetterTopic(topic, groupId));
    } finally {
      await consumer.stop();
    }
  });

  it('fails with the missing topics named when they never come, creating none', async () => {
    const kafka = testKafka('consumer-no-topics');
    const topic = `${testTopicPrefix('consumer-no-topics')}${topics.orderOrder}`;
    const consumer = new EventConsumer({
      kafka,
      groupId: 'never-joins',
      topics: [topic],
      handlerFor: () => undefined,
      topicWaitMs: 500,
    });
    await expect(consumer.start()).rejects.toThrow(TopicsMissingError);
    await consumer.stop();
  });
});
