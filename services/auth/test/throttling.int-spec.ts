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
/** The first backoff (the production default); it doubles from there (backoff.spec.ts). */
const BACKOFF_BASE_SECONDS = 1;
/** Low enough for a test to cross: past 10 failures at one account, from anywhere, attempts slow down. */
const ACCOUNT_BUDGET = 10;

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
      extra: {
        AUTH_LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
        AUTH_LOGIN_ACCOUNT_BUDGET: String(ACCOUNT_BUDGET),
        AUTH_LOGIN_ACCOUNT_DELAY_MS: '50',
      },
    });
    auth = await startAuth(env, cheapHashing);
    client = new AuthClient(auth.url);
    expect(auth.config.throttling).toMatchObject({
      freeFailuresPerClient: 5,
      backoffBaseSeconds: BACKOFF_BASE_SECONDS,
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

  /** How many login attempts were slowed down so far (`auth_login_slowdowns_total`). */
  async function slowedLogins(): Promise<number> {
    // Metrics are on the management listener, not the API port (ADR 0016).
    const text = await (await fetch(`${auth.managementUrl}/metrics`)).text();
    return Number(/^auth_login_slowdowns_total (\d+)/m.exec(text)?.[1] ?? 0);
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

  it('backs one address off an account after 5 failures, the right password included, with Retry-After', async () => {
    const { email, password } = await account();
    const attacker = '198.51.100.10';
    for (let i = 0; i < 5; i++) {
      expect((await client.login(email, 'wrong password!', attacker)).status).toBe(401);
    }
    const retryAfter = await expectThrottled(
      await client.login(email, 'wrong password!', attacker),
    );
    expect(retryAfter).toBe(BACKOFF_BASE_SECONDS);
    // The same answer for the right password: otherwise it would tell the guesser it was right.
    await expectThrottled(await client.login(email, password, attacker));

    await waitFor(async () => (await client.login(email, password, attacker)).status === 200, {
      timeoutMs: (retryAfter + 5) * 1000,
      intervalMs: 500,
      what: 'the backoff to pass',
    });
  });

  it('lets the owner in from their own address while an attacker fails from many others', async () => {
    const { email, password } = await account();
    const before = await slowedLogins();
    // Enough to lock the account for good under the old scheme, and over the account's budget.
    const attackers = ['198.51.100.100', '198.51.100.101', '198.51.100.102', '198.51.100.103'];
    const statuses: Record<string, number[]> = {};
    for (const address of attackers) {
      statuses[address] = [];
      for (let i = 0; i < 6; i++) {
        statuses[address].push((await client.login(email, 'wrong password!', address)).status);
      }
    }
    const owner = await client.login(email, password, '198.51.100.199');
    expect(owner.status).toBe(200);
    // Each attacker's address was backed off on its own after its 5 failures.
    for (const address of attackers) {
      expect(statuses[address]).toEqual([401, 401, 401, 401, 401, 429]);
    }
    // Over the budget every attempt at the account is slowed, the owner's included; none refused.
    expect(await slowedLogins()).toBeGreaterThan(before);
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
      expect((await client.login(email, 'wrong password!', '198.51.100.30')).status).toBe(401);
    }
    await expectThrottled(await client.login(email, 'wrong password!', '198.51.100.30'));
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
