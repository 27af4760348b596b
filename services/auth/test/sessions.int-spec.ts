import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meResponseSchema, tokenResponseSchema, type TokenResponse } from '@shop/contracts';
import { createTestDatabase, testTopicPrefix, type TestDatabase } from '@shop/testing';
import {
  AuthClient,
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

/**
 * A client's whole session, with the service's real argon2id parameters: the uniform answer to
 * bad credentials is about hashing time, so nothing here is made cheaper.
 */
describe('sessions: register, login, me, refresh, logout', () => {
  let db: TestDatabase;
  let auth: RunningAuth;
  let client: AuthClient;

  beforeAll(async () => {
    db = await createTestDatabase('auth_sessions');
    const env = testEnv({
      databaseUrl: db.url,
      topicPrefix: testTopicPrefix('auth_sessions'),
      redisKeyPrefix: testRedisPrefix('auth_sessions'),
      port: await freePort(),
      signingKey: makeKey('sessions-key').privateJwk,
    });
    auth = await startAuth(env);
    client = new AuthClient(auth.url);
  });

  afterAll(async () => {
    await auth?.close();
    await db?.drop();
  });

  async function register(email = uniqueEmail('ada'), password = strongPassword()) {
    const tokens = tokenResponseSchema.parse(
      await jsonOf(await client.post('/auth/register', { email, password }), 201),
    );
    return { email, password, tokens };
  }

  async function refresh(refreshToken: string): Promise<Response> {
    return client.post('/auth/refresh', { refreshToken });
  }

  it('serves a client from registration to logout', async () => {
    const email = uniqueEmail('flow');
    const password = strongPassword();
    const registered = await client.post('/auth/register', {
      email,
      password,
      displayName: 'Ada',
    });
    expect(registered.headers.get('cache-control')).toBe('no-store');
    const first = tokenResponseSchema.parse(await jsonOf(registered, 201));
    expect(first).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });

    const me = meResponseSchema.parse(await jsonOf(await client.me(first.accessToken), 200));
    expect(me).toMatchObject({ email, roles: ['customer'], displayName: 'Ada' });

    const login = tokenResponseSchema.parse(await jsonOf(await client.login(email, password), 200));
    expect(await jsonOf(await client.me(login.accessToken), 200)).toEqual(me);

    const refreshed = tokenResponseSchema.parse(
      await jsonOf(await refresh(login.refreshToken), 200),
    );
    expect(refreshed.refreshToken).not.toBe(login.refreshToken);
    expect(await jsonOf(await client.me(refreshed.accessToken), 200)).toEqual(me);

    const logout = await client.post('/auth/logout', { refreshToken: refreshed.refreshToken });
    expect(logout.status).toBe(204);
    const afterLogout = await refresh(refreshed.refreshToken);
    expect(afterLogout.status).toBe(401);
    expect(await problemOf(afterLogout)).toMatchObject({ code: 'AUTH.INVALID_REFRESH_TOKEN' });

    // Logout ends one session: the one registration started is still alive.
    expect((await refresh(first.refreshToken)).status).toBe(200);
  });

  it('issues access tokens with the claims and header the other services check', async () => {
    const { tokens } = await register();
    const [header, payload] = tokens.accessToken
      .split('.')
      .slice(0, 2)
      .map(
        (part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>,
      );
    expect(header).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid: 'sessions-key' });
    expect(payload).toMatchObject({
      iss: 'https://auth.shop.test',
      aud: 'shop-api',
      roles: ['customer'],
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(900);
    expect(tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('revokes the whole family when a refresh token is used twice', async () => {
    const { tokens } = await register();
    const second = tokenResponseSchema.parse(await jsonOf(await refresh(tokens.refreshToken), 200));
    const third = tokenResponseSchema.parse(await jsonOf(await refresh(second.refreshToken), 200));

    const reuse = await refresh(tokens.refreshToken);
    expect(reuse.status).toBe(401);
    expect(await problemOf(reuse)).toMatchObject({ status: 401, code: 'AUTH.REFRESH_REUSED' });

    // The thief's newest token and the owner's both died with the family.
    for (const token of [third.refreshToken, second.refreshToken]) {
      const response = await refresh(token);
      expect(response.status).toBe(401);
      expect((await problemOf(response)).code).toMatch(
        /^AUTH\.(INVALID_REFRESH_TOKEN|REFRESH_REUSED)$/,
      );
    }
  });

  it('lets only one of two concurrent uses of a refresh token win', async () => {
    const { tokens } = await register();
    const results = await Promise.all([refresh(tokens.refreshToken), refresh(tokens.refreshToken)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    const winner = (
      await jsonOf<TokenResponse>(
        results.find((r) => r.status === 200)!,
        200,
      )
    ).refreshToken;
    // The loser was a reuse: the winner's token is revoked too.
    expect((await refresh(winner)).status).toBe(401);
  });

  it('refuses an unknown refresh token, and logs out an unknown one without telling', async () => {
    const unknown = 'x'.repeat(43);
    const response = await refresh(unknown);
    expect(response.status).toBe(401);
    expect(await problemOf(response)).toMatchObject({ code: 'AUTH.INVALID_REFRESH_TOKEN' });
    expect((await client.post('/auth/logout', { refreshToken: unknown })).status).toBe(204);
  });

  it('answers an unknown email and a wrong password alike: status, body, code and time', async () => {
    // Two accounts, three wrong passwords each: below the per-account limit of five.
    const accounts = [(await register()).email, (await register()).email];
    const samples = { unknown: [] as number[], wrong: [] as number[] };
    const bodies: Record<string, unknown>[] = [];
    // Six of each, interleaved, each from its own address: below every throttling limit.
    for (let i = 0; i < 6; i++) {
      for (const kind of ['unknown', 'wrong'] as const) {
        const started = performance.now();
        const response = await client.login(
          kind === 'unknown' ? uniqueEmail('nobody') : accounts[i % 2],
          'not the password at all',
          `203.0.113.${i * 2 + (kind === 'wrong' ? 1 : 0)}`,
        );
        samples[kind].push(performance.now() - started);
        expect(response.status).toBe(401);
        const { requestId, ...body } = await problemOf(response);
        expect(requestId).toEqual(expect.any(String));
        bodies.push(body);
      }
    }
    for (const body of bodies) {
      expect(body).toEqual({
        type: expect.any(String) as unknown,
        title: 'Unauthorized',
        status: 401,
        detail: 'The email or password is incorrect.',
        instance: '/auth/login',
        code: 'AUTH.INVALID_CREDENTIALS',
      });
      expect(body).toEqual(bodies[0]);
    }
    // Without the dummy verification an unknown email answers ~20x faster than a wrong password.
    const ratio = median(samples.unknown) / median(samples.wrong);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('finds an account whatever the case and blanks of its email', async () => {
    const email = uniqueEmail('Case').replace('t_case', 'T_Case');
    const password = strongPassword();
    await jsonOf(await client.post('/auth/register', { email: `  ${email} `, password }), 201);
    expect((await client.login(email.toLowerCase(), password)).status).toBe(200);
    expect((await client.login(` ${email.toUpperCase()}`, password)).status).toBe(200);

    const again = await client.post('/auth/register', { email: email.toUpperCase(), password });
    expect(again.status).toBe(409);
    expect(await problemOf(again)).toMatchObject({ code: 'AUTH.EMAIL_TAKEN' });
  });

  it('requires a bearer token on /auth/me', async () => {
    const response = await client.get('/auth/me');
    expect(response.status).toBe(401);
    expect(await problemOf(response)).toMatchObject({ code: 'AUTH.MISSING_TOKEN' });
  });
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
