import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics, userRegistered } from '@shop/contracts';
import {
  createTestDatabase,
  readTopic,
  testKafka,
  testTopicPrefix,
  waitFor,
  type TestDatabase,
} from '@shop/testing';
import { AuthProcess } from './auth-process.js';
import {
  AuthClient,
  cheapHashing,
  freePort,
  jsonOf,
  makeKey,
  startAuth,
  strongPassword,
  testEnv,
  testRedisPrefix,
  uniqueEmail,
} from './support.js';

/** A broker address where nothing listens: the relay cannot publish, the events stay in the outbox. */
const NO_KAFKA = '127.0.0.1:1';

async function count(url: string, table: 'outbox' | 'users'): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return result.rows[0].n;
  } finally {
    await client.end();
  }
}

describe('user.registered on Kafka', () => {
  const kafka = testKafka('auth-user-registered');
  const signingKey = makeKey('events-key').privateJwk;
  const databases: TestDatabase[] = [];

  async function database(name: string): Promise<TestDatabase> {
    const db = await createTestDatabase(name);
    databases.push(db);
    return db;
  }

  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  describe('from a running service', () => {
    const prefix = testTopicPrefix('auth_events');
    let db: TestDatabase;

    beforeAll(async () => {
      db = await database('auth_events');
    });

    it('is published once per account, keyed by the user id, matching its contract', async () => {
      const auth = await startAuth(
        testEnv({
          databaseUrl: db.url,
          topicPrefix: prefix,
          redisKeyPrefix: testRedisPrefix('auth_events'),
          port: await freePort(),
          signingKey,
        }),
        cheapHashing,
      );
      const client = new AuthClient(auth.url);
      const registered = new Map<string, string>();
      try {
        for (let i = 0; i < 3; i++) {
          const email = uniqueEmail('event');
          const { accessToken } = await jsonOf<{ accessToken: string }>(
            await client.post('/auth/register', { email, password: strongPassword() }),
            201,
          );
          const me = await jsonOf<{ id: string }>(await client.me(accessToken), 200);
          registered.set(me.id, email);
        }
        // A refused registration (taken email) writes no event.
        const [, takenEmail] = [...registered][0];
        const taken = await client.post('/auth/register', {
          email: takenEmail,
          password: strongPassword(),
        });
        expect(taken.status).toBe(409);
        await waitFor(async () => (await count(db.url, 'outbox')) === 0, {
          timeoutMs: 20_000,
          what: 'the relay to drain the outbox',
        });
      } finally {
        await auth.close();
      }

      const messages = await readTopic(kafka, `${prefix}${topics.authUser}`, 3, {
        settleMs: 1_500,
      });
      expect(messages).toHaveLength(3);
      for (const message of messages) {
        const event = userRegistered.envelope.parse(JSON.parse(message.value));
        expect(message.key).toBe(event.subject);
        expect(message.headers['event-type']).toBe('user.registered');
        expect(event).toMatchObject({ source: 'auth', subject: event.data.userId });
        expect(event.data).toMatchObject({
          email: registered.get(event.data.userId),
          roles: ['customer'],
        });
      }
      expect(new Set(messages.map((m) => m.key))).toEqual(new Set(registered.keys()));
    });
  });

  describe('from a process killed right after the commit', () => {
    const prefix = testTopicPrefix('auth_crash');
    let db: TestDatabase;
    let env: NodeJS.ProcessEnv;
    let running: AuthProcess | undefined;

    beforeAll(async () => {
      db = await database('auth_crash');
      env = testEnv({
        databaseUrl: db.url,
        topicPrefix: prefix,
        redisKeyPrefix: testRedisPrefix('auth_crash'),
        port: await freePort(),
        signingKey,
      });
    });

    afterAll(async () => {
      await running?.kill('SIGKILL');
    });

    it('is published exactly once after a restart', async () => {
      // 1. Kafka unreachable: the service starts anyway and commits the account with its event.
      running = await AuthProcess.start({ ...env, KAFKA_BROKERS: NO_KAFKA });
      const email = uniqueEmail('crash');
      const response = await new AuthClient(running.url).post('/auth/register', {
        email,
        password: strongPassword(),
      });
      expect(response.status, running.log).toBe(201);
      expect(await count(db.url, 'users')).toBe(1);
      expect(await count(db.url, 'outbox')).toBe(1);

      // 2. Killed with no chance to publish or clean up.
      expect(await running.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
      expect(await count(db.url, 'outbox')).toBe(1);

      // 3. Back with the real broker: the relay publishes what the dead process committed.
      running = await AuthProcess.start(env);
      await waitFor(async () => (await count(db.url, 'outbox')) === 0, {
        timeoutMs: 30_000,
        intervalMs: 200,
        what: 'the restarted relay to publish the event',
      });
      const messages = await readTopic(kafka, `${prefix}${topics.authUser}`, 1, {
        settleMs: 1_500,
      });
      expect(messages).toHaveLength(1);
      const event = userRegistered.envelope.parse(JSON.parse(messages[0].value));
      expect(event.data).toMatchObject({ email, roles: ['customer'] });

      // 4. SIGTERM: the graceful shutdown ends the process by the same signal.
      expect(await running.kill('SIGTERM')).toMatchObject({ signal: 'SIGTERM' });
      running = undefined;
    }, 120_000);

    it('refuses to start without a signing key, naming the variable', async () => {
      const service = AuthProcess.spawn({ ...env, AUTH_SIGNING_KEY: '', NODE_ENV: 'production' });
      const exit = await service.waitForExit(30_000);
      expect(exit.code).toBe(1);
      expect(service.log).toContain('auth: invalid configuration');
      expect(service.log).toMatch(/AUTH_SIGNING_KEY: is required/);
    }, 60_000);
  });
});
