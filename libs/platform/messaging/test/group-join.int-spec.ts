import { setTimeout as sleep } from 'node:timers/promises';
import { PartitionAssigners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopic, topics } from '@shop/contracts';
import { createHttpApp } from '@shop/platform-http';
import { createLogger, NestPinoLogger } from '@shop/platform-telemetry';
import { devstackEnv, runScript, testKafka, testTopicPrefix, waitFor } from '@shop/testing';
import { ensureTopics, EventConsumer, KafkaEventsServer } from '../src/index.js';
import { ConsumingModule } from './consuming-module.js';
import { orderPlacedEvent } from './support.js';

/** Room for the dead member's 30 s session, on top of a child process start and a join. */
const SESSION_BOUND_MS = 90_000;

describe('a consumer starting in a group whose member was SIGKILLed', () => {
  const kafka = testKafka('group-join-test');
  const admin = kafka.admin();
  const producer = kafka.producer();

  beforeAll(async () => {
    await admin.connect();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
  });

  const describeGroup = async (groupId: string) =>
    (await admin.describeGroups([groupId])).groups[0];

  /** A fresh topic and group that still holds a member killed with SIGKILL right after it joined. */
  async function groupWithDeadMember(name: string): Promise<{ topic: string; groupId: string }> {
    const prefix = testTopicPrefix(name);
    const topic = `${prefix}${topics.orderOrder}`;
    const groupId = `${prefix}group`;
    await ensureTopics(testKafka('group-join-topics'), [topic, deadLetterTopic(topic, groupId)]);
    const member = await runScript(
      'libs/platform/messaging/test/fixtures/group-member.ts',
      { ...devstackEnv(), TEST_TOPIC: topic, TEST_GROUP_ID: groupId },
      30_000,
    );
    expect(member.signal, member.log).toBe('SIGKILL');
    expect((await describeGroup(groupId)).members, 'the dead member, still in').toHaveLength(1);
    return { topic, groupId };
  }

  it(
    'is started well within the session timeout, and handles events once it has joined',
    async () => {
      const { topic, groupId } = await groupWithDeadMember('join');
      const handled: string[] = [];
      const consumer = new EventConsumer({
        kafka,
        groupId,
        topics: [topic],
        handlerFor: () => async (event) => {
          handled.push(event.id);
        },
      });
      const startedAt = performance.now();
      await consumer.start();
      try {
        // Waiting for the join would take until the dead member's 30 s session expired.
        expect(performance.now() - startedAt).toBeLessThan(10_000);
        const event = orderPlacedEvent();
        await producer.send({
          topic,
          messages: [{ key: event.subject, value: JSON.stringify(event) }],
        });
        await waitFor(() => handled.includes(event.id), {
          timeoutMs: 60_000,
          what: 'the event handled once the group join is over',
        });
      } finally {
        await consumer.stop();
      }
    },
    SESSION_BOUND_MS,
  );

  it(
    'stopped during the join, gives the join a bounded wait, then disconnects and stays out',
    async () => {
      const { topic, groupId } = await groupWithDeadMember('stop');
      const warnings: string[] = [];
      const consumer = new EventConsumer({
        kafka,
        groupId,
        topics: [topic],
        handlerFor: () => undefined,
        joinWaitOnStopMs: 500,
        logger: { warn: (message) => warnings.push(message), error: () => undefined },
      });
      await consumer.start();
      await consumer.stop();
      // The join waits out the dead member's 30 s session: a stop that waited for it would
      // outlast the service's shutdown bound. The stop says it did not wait.
      expect(warnings.join('\n')).toContain('stopped before its group join ended');
      // The abandoned member stays until its own session expires too; then the group is empty,
      // and stays so: a KafkaJS restart after the stop would have joined it again.
      await waitFor(async () => (await describeGroup(groupId)).state === 'Empty', {
        timeoutMs: 2 * SESSION_BOUND_MS,
        what: 'the group to empty',
      });
      await sleep(2_000);
      expect((await describeGroup(groupId)).members).toHaveLength(0);
    },
    3 * SESSION_BOUND_MS,
  );
});

describe('a service whose consumer crashed for good', () => {
  it('stays ready and fails its liveness probe, with the error logged', async () => {
    const kafka = testKafka('group-join-test');
    const prefix = testTopicPrefix('crash');
    const topic = `${prefix}${topics.orderOrder}`;
    const groupId = `${prefix}group`;
    await ensureTopics(kafka, [topic, deadLetterTopic(topic, groupId)]);
    // A member whose assignment protocol the service's consumer lacks: its join is refused with
    // INCONSISTENT_GROUP_PROTOCOL, which KafkaJS does not restart from.
    const other = kafka.consumer({
      groupId,
      partitionAssigners: [
        (config) => ({ ...PartitionAssigners.roundRobin(config), name: 'Other' }),
      ],
    });
    await other.connect();
    await other.subscribe({ topics: [topic] });
    await other.run({ eachMessage: async () => undefined });
    const errors: string[] = [];
    const { management, shutdown } = await createHttpApp({
      module: ConsumingModule,
      serviceName: 'crash-test',
      cors: { origins: [] },
      logger: new NestPinoLogger(createLogger({ service: 'crash-test', level: 'silent' })),
      microservices: [
        new KafkaEventsServer({
          kafka,
          groupId,
          topics: [topic],
          logger: { warn: () => undefined, error: (message) => errors.push(message) },
        }),
      ],
    });
    try {
      // The probes are on the management listener; the API port has nothing to show here.
      const url = await management.listen(0, '127.0.0.1');
      await waitFor(async () => (await fetch(`${url}/health/live`)).status === 503, {
        timeoutMs: 30_000,
        what: '/health/live to fail',
      });
      expect(await (await fetch(`${url}/health/live`)).json()).toMatchObject({
        code: 'HEALTH.NOT_LIVE',
        errors: [{ path: 'KafkaEventsServer', message: 'broken' }],
      });
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
      expect(errors.join('\n')).toContain('stopped for good');
    } finally {
      await shutdown('test');
      await other.disconnect();
    }
  });
});
