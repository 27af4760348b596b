import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testTopicPrefix, type TestDatabase } from '@shop/testing';
import {
  AuthClient,
  cheapHashing,
  freePort,
  makeKey,
  startAuth,
  testEnv,
  testRedisPrefix,
  uniqueEmail,
  type RunningAuth,
} from './support.js';

const MAX_FAILURES_PER_IP = 3;

/**
 * Whose address the per-address failure counter counts (issue 18): auth believes exactly one
 * hop, the gateway, which sends the one address it resolved; nothing a client writes into
 * `X-Forwarded-For` itself picks the counter.
 */
describe('the client address of the failure counter', () => {
  let db: TestDatabase;
  const running: RunningAuth[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('auth_client_address');
  });

  afterAll(async () => {
    await Promise.all(running.map((auth) => auth.close()));
    await db?.drop();
  });

  async function start(name: string, trustedProxies: string): Promise<AuthClient> {
    const env = testEnv({
      databaseUrl: db.url,
      topicPrefix: testTopicPrefix(name),
      redisKeyPrefix: testRedisPrefix(name),
      port: await freePort(),
      signingKey: makeKey(`${name}-key`).privateJwk,
      extra: {
        TRUSTED_PROXIES: trustedProxies,
        AUTH_LOGIN_MAX_FAILURES_PER_IP: String(MAX_FAILURES_PER_IP),
      },
    });
    const auth = await startAuth(env, cheapHashing);
    running.push(auth);
    return new AuthClient(auth.url);
  }

  /** Failed logins for fresh accounts, each with the `X-Forwarded-For` `forwardedFor(i)` gives. */
  async function failures(client: AuthClient, forwardedFor: (i: number) => string) {
    const statuses: number[] = [];
    for (let i = 0; i <= MAX_FAILURES_PER_IP; i++) {
      const response = await client.login(uniqueEmail('guess'), 'wrong password!', forwardedFor(i));
      statuses.push(response.status);
    }
    return statuses;
  }

  it('trusting no proxy (the default), counts spoofed addresses against the peer', async () => {
    const client = await start('auth_addr_none', '');
    expect(await failures(client, (i) => `203.0.113.${i + 1}`)).toEqual([401, 401, 401, 429]);
  });

  it('trusting one hop, counts what that hop appended, not what the client prepended', async () => {
    const client = await start('auth_addr_one', '1');
    const prepended = (i: number) => `203.0.113.${i + 1}, 198.51.100.77`;
    expect(await failures(client, prepended)).toEqual([401, 401, 401, 429]);
    // Another address the hop reports has its own budget.
    const other = await client.login(uniqueEmail('guess'), 'wrong password!', '198.51.100.78');
    expect(other.status).toBe(401);
  });
});
