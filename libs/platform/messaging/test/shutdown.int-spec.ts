import { describe, expect, it } from 'vitest';
import { deadLetterTopic, topics } from '@shop/contracts';
import { createHttpApp } from '@shop/platform-http';
import { createLogger, NestPinoLogger } from '@shop/platform-telemetry';
import { testKafka, testTopicPrefix, waitFor } from '@shop/testing';
import { ensureTopics, KafkaEventsServer } from '../src/index.js';
import { ConsumingModule } from './consuming-module.js';

describe('a service with an event consumer, shut down gracefully', () => {
  it('leaves its consumer group at once instead of waiting for the session timeout', async () => {
    const kafka = testKafka('shutdown-test');
    const prefix = testTopicPrefix('shutdown');
    const topic = `${prefix}${topics.orderOrder}`;
    const groupId = `${prefix}group`;
    await ensureTopics(kafka, [topic, deadLetterTopic(topic, groupId)]);
    const { shutdown } = await createHttpApp({
      module: ConsumingModule,
      serviceName: 'shutdown-test',
      cors: { origins: [] },
      logger: new NestPinoLogger(createLogger({ service: 'shutdown-test', level: 'silent' })),
      microservices: [new KafkaEventsServer({ kafka, groupId, topics: [topic] })],
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const groupState = async () => (await admin.describeGroups([groupId])).groups[0];
      await waitFor(async () => (await groupState()).state === 'Stable', {
        timeoutMs: 30_000,
        what: 'the group to form',
      });
      expect((await groupState()).members).toHaveLength(1);

      await shutdown('test');
      // The session timeout is 30 s: an Empty group within a few seconds means the member left.
      await waitFor(async () => (await groupState()).state === 'Empty', {
        timeoutMs: 5_000,
        what: 'the group to empty',
      });
    } finally {
      await admin.disconnect();
    }
  });
});
