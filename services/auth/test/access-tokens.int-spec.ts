import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, type JWTPayload } from 'jose';
import { tokenResponseSchema } from '@shop/contracts';
import { createTestDatabase, testTopicPrefix, type TestDatabase } from '@shop/testing';
import {
  AUDIENCE,
  AuthClient,
  cheapHashing,
  freePort,
  ISSUER,
  jsonOf,
  makeKey,
  problemOf,
  startAuth,
  strongPassword,
  testEnv,
  testRedisPrefix,
  uniqueEmail,
  type RunningAuth,
  type TestKey,
} from './support.js';

/**
 * `/auth/me` sits behind the platform's shared JWT guard, pointed at this service's own JWKS:
 * what it refuses here, every service refuses.
 */
describe('access tokens and signing keys', () => {
  const keyA = makeKey('key-a');
  const keyB = makeKey('key-b');
  const stranger = makeKey('key-a'); // an attacker's key that claims a served kid
  let db: TestDatabase;
  let topicPrefix: string;
  let redisKeyPrefix: string;
  let auth: RunningAuth;
  let client: AuthClient;
  let userId: string;
  let email: string;
  let password: string;
  let issuedWithA: { accessToken: string; refreshToken: string };

  async function boot(signingKey: TestKey, previous?: TestKey): Promise<void> {
    const env = testEnv({
      databaseUrl: db.url,
      topicPrefix,
      redisKeyPrefix,
      port: await freePort(),
      signingKey: signingKey.privateJwk,
      extra: previous ? { AUTH_PREVIOUS_PUBLIC_KEY: previous.publicJwk } : {},
    });
    auth = await startAuth(env, cheapHashing);
    client = new AuthClient(auth.url);
  }

  beforeAll(async () => {
    db = await createTestDatabase('auth_tokens');
    topicPrefix = testTopicPrefix('auth_tokens');
    redisKeyPrefix = testRedisPrefix('auth_tokens');
    await boot(keyA);
    email = uniqueEmail('tokens');
    password = strongPassword();
    const tokens = tokenResponseSchema.parse(
      await jsonOf(await client.post('/auth/register', { email, password }), 201),
    );
    issuedWithA = tokens;
    userId = (await jsonOf<{ id: string }>(await client.me(tokens.accessToken), 200)).id;
  });

  afterAll(async () => {
    await auth?.close();
    await db?.drop();
  });

  /** A token like the service's own, signed with `key`, with `overrides` applied. */
  async function forge(
    key: TestKey,
    overrides: { typ?: string; aud?: string; iss?: string; exp?: number; claims?: JWTPayload } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ roles: ['admin'], email, ...overrides.claims })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: overrides.typ ?? 'at+jwt' })
      .setIssuer(overrides.iss ?? ISSUER)
      .setAudience(overrides.aud ?? AUDIENCE)
      .setSubject(userId)
      .setIssuedAt(now - 10)
      .setExpirationTime(overrides.exp ?? now + 300)
      .sign(key.privateKey);
  }

  async function expectRefused(token: string): Promise<void> {
    const response = await client.me(token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await problemOf(response)).toMatchObject({ status: 401, code: 'AUTH.INVALID_TOKEN' });
  }

  describe('with key A', () => {
    it('accepts its own token and a well-formed one signed with its key', async () => {
      expect((await client.me(issuedWithA.accessToken)).status).toBe(200);
      expect((await client.me(await forge(keyA))).status).toBe(200);
    });

    it('serves the current public key only, with no private part', async () => {
      const response = await client.get('/.well-known/jwks.json');
      const jwks = await jsonOf<{ keys: Record<string, unknown>[] }>(response, 200);
      expect(jwks.keys).toEqual([
        { ...(JSON.parse(keyA.publicJwk) as object), alg: 'EdDSA', use: 'sig' },
      ]);
      expect(JSON.stringify(jwks)).not.toContain('"d"');
    });

    it('refuses an expired token', async () => {
      const exp = Math.floor(Date.now() / 1000) - 120; // past the 30 s clock tolerance
      await expectRefused(await forge(keyA, { exp }));
    });

    it('refuses an unsigned alg:none token', async () => {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const header = encode({ alg: 'none', typ: 'at+jwt', kid: keyA.kid });
      const payload = encode({ sub: userId, iss: ISSUER, aud: AUDIENCE, exp: now + 300 });
      await expectRefused(`${header}.${payload}.`);
    });

    it('refuses a token signed by an unknown key, under an unknown or a served kid', async () => {
      await expectRefused(await forge(makeKey('key-unknown')));
      await expectRefused(await forge(stranger));
    });

    it('refuses a token for another audience, or from another issuer', async () => {
      await expectRefused(await forge(keyA, { aud: 'another-api' }));
      await expectRefused(await forge(keyA, { iss: 'https://evil.example' }));
    });

    it('refuses a token of another type (an ID token or a plain JWT)', async () => {
      await expectRefused(await forge(keyA, { typ: 'JWT' }));
      await expectRefused(await forge(keyA, { typ: 'id_token+jwt' }));
    });

    it('refuses an HS256 token whose secret is the public key (algorithm confusion)', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const secret of [
        keyA.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        keyA.publicJwk,
      ]) {
        const token = await new SignJWT({ roles: ['admin'] })
          .setProtectedHeader({ alg: 'HS256', kid: keyA.kid, typ: 'at+jwt' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject(userId)
          .setExpirationTime(now + 300)
          .sign(new TextEncoder().encode(secret));
        await expectRefused(token);
      }
    });

    it('refuses a tampered payload', async () => {
      const [header, , signature] = issuedWithA.accessToken.split('.');
      const payload = Buffer.from(
        JSON.stringify({ sub: userId, roles: ['admin'], iss: ISSUER, aud: AUDIENCE, exp: 9e9 }),
      ).toString('base64url');
      await expectRefused(`${header}.${payload}.${signature}`);
    });
  });

  describe('after rotating to key B, with A as the previous key', () => {
    beforeAll(async () => {
      await auth.close();
      await boot(keyB, keyA);
    });

    it('serves both public keys, the current one first', async () => {
      const jwks = await jsonOf<{ keys: { kid: string }[] }>(
        await client.get('/.well-known/jwks.json'),
        200,
      );
      expect(jwks.keys.map((key) => key.kid)).toEqual(['key-b', 'key-a']);
    });

    it('still accepts the tokens signed with the previous key', async () => {
      expect((await client.me(issuedWithA.accessToken)).status).toBe(200);
      expect((await client.me(await forge(keyA))).status).toBe(200);
    });

    it('signs new tokens with the new key, and keeps sessions started before the rotation', async () => {
      const refreshed = tokenResponseSchema.parse(
        await jsonOf(
          await client.post('/auth/refresh', { refreshToken: issuedWithA.refreshToken }),
          200,
        ),
      );
      const header = JSON.parse(
        Buffer.from(refreshed.accessToken.split('.')[0], 'base64url').toString(),
      ) as { kid: string };
      expect(header.kid).toBe('key-b');
      expect((await client.me(refreshed.accessToken)).status).toBe(200);
      const login = await jsonOf<{ accessToken: string }>(await client.login(email, password), 200);
      expect((await client.me(login.accessToken)).status).toBe(200);
    });

    it('still refuses keys it never served', async () => {
      await expectRefused(await forge(stranger));
    });
  });
});
