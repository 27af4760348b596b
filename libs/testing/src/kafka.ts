import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
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
