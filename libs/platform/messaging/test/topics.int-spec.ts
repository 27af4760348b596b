import { describe, expect, it } from 'vitest';
import { testKafka, testTopicPrefix } from '@shop/testing';
import { ensureTopics } from '../src/index.js';

describe('ensureTopics', () => {
  it('creates the same new topics from five clients at once, as services starting together do', async () => {
    const prefix = testTopicPrefix('topics-race');
    const wanted = [`${prefix}a`, `${prefix}b`, `${prefix}c`];
    const clients = Array.from({ length: 5 }, (_, i) => testKafka(`topics-race-${i}`));

    const outcomes = await Promise.allSettled(
      clients.map((kafka) => ensureTopics(kafka, wanted, { initialDelayMs: 50 })),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    const admin = testKafka('topics-race-check').admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: wanted });
      expect(topics.map((topic) => topic.partitions.length)).toEqual([3, 3, 3]);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses an invalid topic name on the first attempt instead of retrying', async () => {
    const retries: string[] = [];
    await expect(
      ensureTopics(testKafka('topics-invalid'), ['not a valid topic name'], {
        onRetry: (error) => retries.push(error.message),
      }),
    ).rejects.toThrow();
    expect(retries).toEqual([]);
  });
});
