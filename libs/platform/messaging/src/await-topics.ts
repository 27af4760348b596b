import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Kafka } from 'kafkajs';

export interface AwaitTopicsOptions {
  /** How long to wait for the topics in all (default 120 s), then {@link TopicsMissingError}. */
  timeoutMs?: number;
  /** Pause between two looks (default 1 s). */
  intervalMs?: number;
  /**
   * Told what is still missing at the first look that finds something missing, then at most
   * every 10 s: for the log line that says what the service waits for.
   */
  onWait?: (missing: string[], waitedMs: number) => void;
  /** Ends the wait early (a service stopping), with the signal's reason. */
  signal?: AbortSignal;
}

/** The topics were still missing (or without a leader) when the wait ran out. */
export class TopicsMissingError extends Error {
  constructor(
    readonly missing: string[],
    timeoutMs: number,
  ) {
    super(
      `Kafka topics missing after ${Math.round(timeoutMs / 1000)} s: ${missing.join(', ')} ` +
        '(topics are created before the services start: npm start, the chart hook Job, or kafka-topics.sh)',
    );
    this.name = 'TopicsMissingError';
  }
}

const LOG_EVERY_MS = 10_000;

/**
 * Waits until every topic exists and each of its partitions has a leader, without creating any:
 * topics are infrastructure, created before the services start by one owner (ADR 0015). A
 * producer or consumer that touches a topic before that has its metadata refresh fail, which
 * KafkaJS reports from places a service cannot catch. A broker that cannot be reached yet counts
 * as "still missing": it is the same wait.
 */
export async function awaitTopics(
  kafka: Kafka,
  topics: string[],
  options: AwaitTopicsOptions = {},
): Promise<void> {
  const { timeoutMs = 120_000, intervalMs = 1_000, onWait, signal } = options;
  const wanted = [...new Set(topics)];
  const started = performance.now();
  let lastLog = -Infinity;
  for (;;) {
    signal?.throwIfAborted();
    const missing = await missingTopics(kafka, wanted).catch(() => wanted);
    if (missing.length === 0) return;
    const waited = performance.now() - started;
    if (waited >= timeoutMs) throw new TopicsMissingError(missing, timeoutMs);
    if (waited - lastLog >= LOG_EVERY_MS) {
      lastLog = waited;
      onWait?.(missing, waited);
    }
    // Aborted, the sleep ends early and the next turn throws the signal's own reason.
    await sleep(Math.min(intervalMs, timeoutMs - waited), undefined, { signal }).catch(
      () => undefined,
    );
  }
}

/** The wanted topics that do not exist, or have a partition without a leader. */
export async function missingTopics(kafka: Kafka, wanted: string[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await missingWith(admin, wanted);
  } finally {
    await admin.disconnect();
  }
}

async function missingWith(admin: Admin, wanted: string[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const present = wanted.filter((topic) => existing.has(topic));
  const absent = wanted.filter((topic) => !existing.has(topic));
  if (present.length === 0) return absent;
  const { topics } = await admin.fetchTopicMetadata({ topics: present });
  const leaderless = topics
    .filter(({ partitions }) => partitions.length === 0 || partitions.some((p) => p.leader < 0))
    .map(({ name }) => name);
  return [...absent, ...leaderless];
}
