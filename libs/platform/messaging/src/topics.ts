import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { isTransientKafkaError } from '@shop/platform-resilience';

export interface EnsureTopicsOptions {
  partitions?: number;
  /** Copies of each partition (default -1: the broker's `default.replication.factor`). */
  replicationFactor?: number;
  /** Attempts in all, for errors a broker recovers from; the first non-transient error throws. */
  attempts?: number;
  /** Delay before the second attempt; it doubles, up to 2 s. */
  initialDelayMs?: number;
  /** Told of each transient failure before the next attempt: for a log line. */
  onRetry?: (error: Error, attempt: number) => void;
}

/**
 * Creates the topics (and waits for their leaders), leaving existing ones alone: for whoever
 * owns the topics (tests and benches before they start their services), never for a service,
 * which only waits for them ({@link awaitTopics}, ADR 0015). The broker never
 * auto-creates topics: a typo in a topic name is an error at start-up, not a silently empty topic.
 *
 * Two owners at once (two test files) may create the same topic: one of them sees it created by
 * the other while it waits for the leaders, and KafkaJS answers that with an error that only says
 * "try again". So transient errors are retried, a bounded number of times, each attempt listing
 * what is still missing.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: string[],
  options: EnsureTopicsOptions = {},
): Promise<void> {
  const { partitions = 3, replicationFactor = -1, attempts = 8, initialDelayMs = 250 } = options;
  const wanted = [...new Set(topics)];
  for (let attempt = 1; ; attempt += 1) {
    try {
      await createMissing(kafka, wanted, { numPartitions: partitions, replicationFactor });
      return;
    } catch (error) {
      if (attempt >= attempts || !isTransientKafkaError(error)) throw error;
      options.onRetry?.(error as Error, attempt);
      await sleep(Math.min(initialDelayMs * 2 ** (attempt - 1), 2_000));
    }
  }
}

async function createMissing(
  kafka: Kafka,
  wanted: string[],
  shape: { numPartitions: number; replicationFactor: number },
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      topics: missing.map((topic) => ({ topic, ...shape })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
