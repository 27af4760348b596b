import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testTopicPrefix, waitFor, type TestDatabase } from '@shop/testing';
import {
  AuthClient,
  cheapHashing,
  freePort,
  jsonOf,
  makeKey,
  problemOf,
  startAuth,
  strongPassword,
  testEnv,
  testRedisPrefix,
  uniqueEmail,
  type RunningAuth,
} from './support.js';

/** Short enough for a test to see a window pass; the limits are the production defaults. */
const WINDOW_SECONDS = 6;

describe('login throttling in Redis', () => {
  let db: TestDatabase;
  let auth: RunningAuth;
  let client: AuthClient;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase('auth_throttling');
    env = testEnv({
      databaseUrl: db.url,
      topicPrefix: testTopicPrefix('auth_throttling'),
      redisKeyPrefix: testRedisPrefix('auth_throttling'),
      port: await freePort(),
      signingKey: makeKey('throttling-key').privateJwk,
      extra: { AUTH_LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS) },
    });
    auth = await startAuth(env, cheapHashing);
    client = new AuthClient(auth.url);
    expect(auth.config.throttling).toMatchObject({
      maxFailuresPerAccount: 5,
      maxFailuresPerIp: 20,
    });
  });

  afterAll(async () => {
    await auth?.close();
    await db?.drop();
  });

  async function account(): Promise<{ email: string; password: string }> {
    const email = uniqueEmail('victim');
    const password = strongPassword();
    await jsonOf(await client.post('/auth/register', { email, password }), 201);
    return { email, password };
  }

  async function expectThrottled(response: Response): Promise<number> {
    expect(response.status).toBe(429);
    expect(await problemOf(response)).toMatchObject({
      status: 429,
      code: 'AUTH.TOO_MANY_ATTEMPTS',
    });
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    return retryAfter;
  }

  it('refuses the 6th failure for an account with 429, then even the right password, until the window passes', async () => {
    const { email, password } = await account();
    for (let i = 0; i < 5; i++) {
      const response = await client.login(email, 'wrong password!', '198.51.100.10');
      expect(response.status).toBe(401);
    }
    const retryAfter = await expectThrottled(
      await client.login(email, 'wrong password!', '198.51.100.10'),
    );
    await expectThrottled(await client.login(email, password, '198.51.100.10'));
    // The account's limit holds whichever address the guesses come from.
    await expectThrottled(await client.login(email, password, '198.51.100.11'));

    await waitFor(
      async () => (await client.login(email, password, '198.51.100.10')).status === 200,
      { timeoutMs: (retryAfter + 5) * 1000, intervalMs: 500, what: 'the window to pass' },
    );
  });

  it('refuses the 21st failure from one address, for every account, but not elsewhere', async () => {
    const { email, password } = await account();
    const ip = '198.51.100.20';
    for (let i = 0; i < 20; i++) {
      expect((await client.login(uniqueEmail('guess'), 'wrong password!', ip)).status).toBe(401);
    }
    await expectThrottled(await client.login(uniqueEmail('guess'), 'wrong password!', ip));
    await expectThrottled(await client.login(email, password, ip));
    expect((await client.login(email, password, '198.51.100.21')).status).toBe(200);
  });

  it('counts an unknown email like a real one', async () => {
    const email = uniqueEmail('nobody');
    for (let i = 0; i < 5; i++) {
      expect((await client.login(email, 'wrong password!', `198.51.100.${30 + i}`)).status).toBe(
        401,
      );
    }
    await expectThrottled(await client.login(email, 'wrong password!', '198.51.100.40'));
  });

  it('forgets an account’s failures after a successful login', async () => {
    const { email, password } = await account();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        expect((await client.login(email, 'wrong password!', '198.51.100.50')).status).toBe(401);
      }
      expect((await client.login(email, password, '198.51.100.50')).status).toBe(200);
    }
  });

  it('lets no more than the limit through when the guesses arrive at once', async () => {
    const { email } = await account();
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => client.login(email, 'wrong password!', '198.51.100.60')),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });

  it('refuses logins with 503 rather than uncounted when Redis is unreachable', async () => {
    const broken = await startAuth(
      { ...env, PORT: String(await freePort()), REDIS_URL: 'redis://127.0.0.1:1' },
      cheapHashing,
    );
    try {
      const brokenClient = new AuthClient(broken.url);
      const response = await brokenClient.login(uniqueEmail('any'), 'some password');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await problemOf(response)).toMatchObject({ code: 'AUTH.THROTTLE_UNAVAILABLE' });
      const ready = await fetch(`${broken.managementUrl}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await problemOf(ready)).toMatchObject({
        code: 'HEALTH.NOT_READY',
        errors: [expect.objectContaining({ path: 'redis' })],
      });
    } finally {
      await broken.close();
    }
  });
});
