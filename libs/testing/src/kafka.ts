import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { platformTopics } from '@shop/contracts';
import { devstackEnv } from './devstack-env.js';
import { uniqueName } from './names.js';
import { waitFor } from './wait.js';

/** A KafkaJS client on the devstack broker; tests assert outcomes, so KafkaJS's own logs stay off. */
export function testKafka(clientId = 'test'): Kafka {
  return new Kafka({
    clientId,
    brokers: devstackEnv().KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
}

/** A topic prefix of one test file: its topics and groups never meet another file's. */
export function testTopicPrefix(name: string): string {
  return `${uniqueName(name)}.`;
}

/**
 * Creates the platform's topics of a service's test environment (`KAFKA_TOPIC_PREFIX`), dead-letter
 * topics included (of `groupIds` where a test names its groups itself), as their
 * owner does before the services start (the launcher, the chart's hook Job): a service only
 * waits for its topics (ADR 0015). Existing ones are left alone; two instances of one file
 * creating them at once retry, a bounded number of times.
 */
export async function provisionTestTopics(
  env: { KAFKA_TOPIC_PREFIX?: string; KAFKA_BROKERS?: string },
  groupIds: Readonly<Record<string, string>> = {},
): Promise<void> {
  // A service pointed at another broker is a test of Kafka being away: nothing to create.
  if (env.KAFKA_BROKERS !== undefined && env.KAFKA_BROKERS !== devstackEnv().KAFKA_BROKERS) return;
  const namespace = env.KAFKA_TOPIC_PREFIX ?? '';
  const admin = testKafka('test-topics').admin();
  await admin.connect();
  try {
    const wanted = platformTopics(namespace, groupIds);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = wanted.filter((topic) => !existing.has(topic));
        if (missing.length === 0) return;
        await admin.createTopics({
          topics: missing.map((topic) => ({ topic, numPartitions: 3 })),
          waitForLeaders: true,
        });
        return;
      } catch (error) {
        if (attempt >= 8) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

export interface ReadMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/**
 * Reads a topic from the beginning with a throwaway group until `count` messages arrived (or
 * the timeout passed, which fails). Waits a little longer to catch any extra message, so tests
 * can assert "exactly N".
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  options: { timeoutMs?: number; settleMs?: number } = {},
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  const received: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined)
            headers[name] = (Array.isArray(value) ? value[0] : value).toString();
        }
        received.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers,
          partition,
          offset: message.offset,
        });
      },
    });
    await waitFor(() => received.length >= count, {
      timeoutMs: options.timeoutMs ?? 30_000,
      what: `${count} messages on ${topic} (have ${received.length})`,
    });
    await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 500));
    return received;
  } finally {
    await consumer.disconnect();
  }
}
