import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { metrics } from '@shop/platform-telemetry';
import { devstackEnv } from '@shop/testing';
import { call, expectProblem } from './support/http.js';
import { OwnRedis } from './support/own-redis.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { problem, type Handler } from './support/stand-in.js';

/** Auth's logout as the stand-in plays it: 204 for a well-formed body, else a 400 problem. */
const logoutAnswer: Handler = (request, response) => {
  if (request.url !== '/auth/logout') return void response.writeHead(404).end();
  if (!request.body.includes('refreshToken')) {
    return problem(400, 'REQUEST.VALIDATION')(request, response);
  }
  response.writeHead(204).end();
};

function logout(api: string, token?: string, body: unknown = { refreshToken: 'r1' }) {
  return call(`${api}/auth/logout`, { method: 'POST', token, body });
}

describe('logged-out access tokens (the jti deny-list in Redis)', () => {
  let platform: TestPlatform;
  let api: string;
  let redis: Redis;

  beforeAll(async () => {
    platform = await startPlatform('gateway-revocation');
    platform.services.auth.handler = logoutAnswer;
    api = platform.gateway.api;
    redis = new Redis(devstackEnv().REDIS_URL, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    redis?.disconnect();
    await platform?.stop();
  });

  it('refuses the access token a logout carried with 401 AUTH.TOKEN_REVOKED, before forwarding', async () => {
    const token = await platform.auth.token('cust-logout');
    const other = await platform.auth.token('cust-logout');
    expect((await call(`${api}/cart`, { token })).status).toBe(200);

    expect((await logout(api, token)).status).toBe(204);

    const seen = platform.services.order.seenAt('/cart').length;
    const refused = await call(`${api}/cart`, { token });
    expectProblem(refused, 401, 'AUTH.TOKEN_REVOKED');
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(platform.services.order.seenAt('/cart')).toHaveLength(seen);
    // Only that token: another one of the same customer still works.
    expect((await call(`${api}/cart`, { token: other })).status).toBe(200);
  });

  it('keeps the entry in the shared Redis exactly as long as the token could be accepted', async () => {
    const jti = `jti-${Date.now()}`;
    const token = await platform.auth.token('cust-ttl', ['customer'], jti);
    expect((await logout(api, token)).status).toBe(204);
    const key = `${platform.gateway.config.REDIS_KEY_PREFIX}revoked-token:${jti}`;
    const ttl = await redis.pttl(key);
    // The test token lives 600 s; the verifier tolerates 30 s of clock skew past `exp`.
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(630_000);
  });

  it('revokes nothing when auth refuses the logout', async () => {
    const token = await platform.auth.token('cust-bad-logout');
    expectProblem(await logout(api, token, { wrong: true }), 400, 'REQUEST.VALIDATION');
    expect((await call(`${api}/cart`, { token })).status).toBe(200);
  });

  it('logs out without a token, and with a bad one, as before', async () => {
    expect((await logout(api)).status).toBe(204);
    expect((await logout(api, 'not.a.token')).status).toBe(204);
    expect((await logout(api, undefined, { refreshToken: 'r2' })).status).toBe(204);
  });

  it('refuses a token without jti: it could never be revoked', async () => {
    const token = await platform.auth.token('cust-no-jti', ['customer'], null);
    expectProblem(await call(`${api}/cart`, { token }), 401, 'AUTH.INVALID_TOKEN');
  });

  it('logged no fault of its own', () => {
    expect(platform.gateway.faults()).toEqual([]);
  });
});

describe('the deny-list with Redis unavailable', () => {
  let redis: OwnRedis;
  let platform: TestPlatform;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    platform = await startPlatform('gateway-revocation-down', { REDIS_URL: redis.url });
    platform.services.auth.handler = logoutAnswer;
  });

  afterAll(async () => {
    await platform?.stop();
    await redis?.kill();
  });

  it('fails open: tokens are accepted unchecked and a logout still succeeds, both counted', async () => {
    const { api } = platform.gateway;
    const token = await platform.auth.token('cust-redis-down');
    await redis.kill();
    const unchecked = await counter('gateway_revocation_store_errors_total');
    const unrevoked = await counter('gateway_token_revocations_total{outcome="store-error"}');

    expect((await call(`${api}/cart`, { token })).status).toBe(200);
    expect((await logout(api, token)).status).toBe(204);

    expect(await counter('gateway_revocation_store_errors_total')).toBeGreaterThan(unchecked);
    expect(await counter('gateway_token_revocations_total{outcome="store-error"}')).toBe(
      unrevoked + 1,
    );
    expect(platform.gateway.faults()).toEqual([]);
  });
});

async function counter(series: string): Promise<number> {
  const text = await metrics.render();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return Number(line?.split(' ')[1] ?? 0);
}
