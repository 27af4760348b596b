import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meResponseSchema, tokenResponseSchema, topics, userRegistered } from '@shop/contracts';
import {
  createTestDatabase,
  readTopic,
  testKafka,
  testTopicPrefix,
  waitFor,
  type TestDatabase,
} from '@shop/testing';
import {
  AuthClient,
  CHEAP_ARGON2,
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

describe('accounts', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let baseEnv: NodeJS.ProcessEnv;
  let auth: RunningAuth;
  let client: AuthClient;
  const kafka = testKafka('auth-accounts');
  const topicPrefix = testTopicPrefix('auth_accounts');
  const adminEmail = uniqueEmail('admin');
  const adminPassword = strongPassword();

  async function boot(extra: NodeJS.ProcessEnv = {}, cheap = true): Promise<RunningAuth> {
    const env = { ...baseEnv, PORT: String(await freePort()), ...extra };
    return startAuth(env, cheap ? cheapHashing : undefined);
  }

  async function storedHash(email: string): Promise<string> {
    const result = await sql.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE email = $1',
      [email],
    );
    return result.rows[0].password_hash;
  }

  beforeAll(async () => {
    db = await createTestDatabase('auth_accounts');
    sql = new pg.Client({ connectionString: db.url });
    baseEnv = testEnv({
      databaseUrl: db.url,
      topicPrefix,
      redisKeyPrefix: testRedisPrefix('auth_accounts'),
      port: 0,
      signingKey: makeKey('accounts-key').privateJwk,
      extra: { AUTH_ADMIN_EMAIL: adminEmail, AUTH_ADMIN_PASSWORD: adminPassword },
    });
    auth = await boot();
    client = new AuthClient(auth.url);
    await sql.connect();
  });

  afterAll(async () => {
    await auth?.close();
    await sql?.end();
    await db?.drop();
  });

  describe('registration', () => {
    it('makes a customer, whatever else the body asks for: an unknown field is a 400', async () => {
      const email = uniqueEmail('mallory');
      for (const extra of [
        { role: 'admin' },
        { roles: ['admin'] },
        { id: '01900000-0000-7000-8000-000000000000' },
      ]) {
        const response = await client.post('/auth/register', {
          email,
          password: strongPassword(),
          ...extra,
        });
        expect(response.status).toBe(400);
        const problem = await problemOf(response);
        expect(problem).toMatchObject({ code: 'REQUEST.VALIDATION' });
        expect(problem.errors).toEqual([
          expect.objectContaining({ path: Object.keys(extra)[0], message: 'Unknown field' }),
        ]);
      }
      const rows = await sql.query('SELECT 1 FROM users WHERE email = $1', [email]);
      expect(rows.rowCount).toBe(0);

      const tokens = tokenResponseSchema.parse(
        await jsonOf(
          await client.post('/auth/register', { email, password: strongPassword() }),
          201,
        ),
      );
      const me = meResponseSchema.parse(await jsonOf(await client.me(tokens.accessToken), 200));
      expect(me.roles).toEqual(['customer']);
    });

    it.each([
      ['one of the most common passwords', 'Password123'],
      ['a keyboard walk', 'qwertyuiop'],
      ['a long digit run', '1234567890'],
    ])('refuses %s', async (_case, password) => {
      const response = await client.post('/auth/register', {
        email: uniqueEmail('weak'),
        password,
      });
      expect(response.status).toBe(400);
      expect(await problemOf(response)).toMatchObject({
        code: 'AUTH.WEAK_PASSWORD',
        errors: [{ path: 'password', message: expect.stringContaining('common') as unknown }],
      });
    });

    it('accepts any password of 10 to 128 characters, without composition rules', async () => {
      for (const password of ['lowercaseonly', 'x'.repeat(128), 'correct horse battery']) {
        const response = await client.post('/auth/register', {
          email: uniqueEmail('free'),
          password,
        });
        expect(response.status).toBe(201);
      }
    });
  });

  describe('bad input', () => {
    const endpoints = ['/auth/register', '/auth/login', '/auth/refresh', '/auth/logout'];
    const bodies: [string, string, number, string][] = [
      ['malformed JSON', '{"email": "a@b.c", ', 400, 'REQUEST.MALFORMED_JSON'],
      ['an empty body', '', 400, 'REQUEST.MALFORMED_JSON'],
      [
        'a prototype-polluting body',
        '{"__proto__": {"roles": ["admin"]}}',
        400,
        'REQUEST.MALFORMED_JSON',
      ],
      ['an empty object', '{}', 400, 'REQUEST.VALIDATION'],
      ['an array', '[]', 400, 'REQUEST.VALIDATION'],
      ['null', 'null', 400, 'REQUEST.VALIDATION'],
      ['a string', '"hello"', 400, 'REQUEST.VALIDATION'],
      [
        'wrong types',
        '{"email": 42, "password": true, "refreshToken": ["a"]}',
        400,
        'REQUEST.VALIDATION',
      ],
      [
        'an oversized body',
        JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(20_000) }),
        413,
        'REQUEST.TOO_LARGE',
      ],
    ];

    it.each(bodies)(
      'answers %s with a 4xx problem on every endpoint',
      async (_case, body, status, code) => {
        for (const path of endpoints) {
          const response = await client.post(path, body);
          expect(response.status, path).toBe(status);
          expect(await problemOf(response), path).toMatchObject({ status, code });
        }
      },
    );

    it.each([
      ['a missing password', { email: 'ada@example.com' }, 'password'],
      ['an invalid email', { email: 'not-an-email', password: strongPassword() }, 'email'],
      [
        'an overlong email',
        { email: `${'a'.repeat(250)}@example.com`, password: strongPassword() },
        'email',
      ],
      ['a short password', { email: 'ada@example.com', password: 'short' }, 'password'],
      ['an overlong password', { email: 'ada@example.com', password: 'p'.repeat(129) }, 'password'],
      [
        'an empty display name',
        { email: 'ada@example.com', password: strongPassword(), displayName: ' ' },
        'displayName',
      ],
    ])('refuses a registration with %s, naming the field', async (_case, body, field) => {
      const response = await client.post('/auth/register', body);
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem.code).toBe('REQUEST.VALIDATION');
      expect(problem.errors).toContainEqual(expect.objectContaining({ path: field }));
    });

    it('refuses a body that is not JSON', async () => {
      const response = await fetch(`${auth.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body: '<login/>',
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status).toBe(415);
      expect(await problemOf(response)).toMatchObject({ code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' });
    });

    it('refuses a refresh token of the wrong shape', async () => {
      for (const refreshToken of ['short', 'x'.repeat(513), 42]) {
        const response = await client.post('/auth/refresh', { refreshToken });
        expect(response.status).toBe(400);
        expect(await problemOf(response)).toMatchObject({ code: 'REQUEST.VALIDATION' });
      }
    });
  });

  describe('password hashes', () => {
    it('stores argon2id with the OWASP parameters by default', async () => {
      const real = await boot({}, false);
      try {
        const email = uniqueEmail('owasp');
        await jsonOf(
          await new AuthClient(real.url).post('/auth/register', {
            email,
            password: strongPassword(),
          }),
          201,
        );
        expect(await storedHash(email)).toMatch(
          /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[^$]{22}\$[^$]{43}$/,
        );
      } finally {
        await real.close();
      }
    });

    it('rehashes at login when the parameters changed, and only on a correct password', async () => {
      const email = uniqueEmail('rehash');
      const password = strongPassword();
      await jsonOf(await client.post('/auth/register', { email, password }), 201);
      const cheap = await storedHash(email);
      expect(cheap).toContain(`m=${CHEAP_ARGON2.memoryCost},t=${CHEAP_ARGON2.timeCost},p=1$`);

      const upgraded = await boot(
        { AUTH_ARGON2_MEMORY_KIB: '20480', AUTH_ARGON2_ITERATIONS: '2' },
        false,
      );
      try {
        const upgradedClient = new AuthClient(upgraded.url);
        expect((await upgradedClient.login(email, 'not the password')).status).toBe(401);
        expect(await storedHash(email)).toBe(cheap);
        expect((await upgradedClient.login(email, password)).status).toBe(200);
        const rehashed = await storedHash(email);
        expect(rehashed).toMatch(/^\$argon2id\$v=19\$m=20480,t=2,p=1\$/);
        // The new hash verifies; the next login leaves it alone.
        expect((await upgradedClient.login(email, password)).status).toBe(200);
        expect(await storedHash(email)).toBe(rehashed);
      } finally {
        await upgraded.close();
      }
    });
  });

  describe('the administrator from the configuration', () => {
    it('exists with the admin role only, and registration cannot take its email', async () => {
      const login = await jsonOf<{ accessToken: string }>(
        await client.login(adminEmail, adminPassword),
        200,
      );
      const me = meResponseSchema.parse(await jsonOf(await client.me(login.accessToken), 200));
      expect(me).toMatchObject({ email: adminEmail, roles: ['admin'] });
      const taken = await client.post('/auth/register', {
        email: adminEmail,
        password: strongPassword(),
      });
      expect(taken.status).toBe(409);
    });

    it('is created once, however often the service starts, and announced once', async () => {
      const again = await boot();
      await again.close();
      const rows = await sql.query('SELECT roles FROM users WHERE email = $1', [adminEmail]);
      expect(rows.rows).toEqual([{ roles: ['admin'] }]);

      // Every account of this file, the admin included, has exactly one event on the topic.
      await waitFor(async () => (await sql.query('SELECT 1 FROM outbox')).rowCount === 0, {
        timeoutMs: 20_000,
        what: 'the relay to drain the outbox',
      });
      const users = await sql.query<{ id: string; email: string }>('SELECT id, email FROM users');
      const messages = await readTopic(
        kafka,
        `${topicPrefix}${topics.authUser}`,
        users.rowCount ?? 0,
      );
      const events = messages.map((m) => userRegistered.envelope.parse(JSON.parse(m.value)));
      expect(events.map((e) => e.data.userId).sort()).toEqual(users.rows.map((u) => u.id).sort());
      expect(events.filter((e) => e.data.email === adminEmail)).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ roles: ['admin'] }) as unknown }),
      ]);
    });

    it('refuses to start rather than promote an existing customer account', async () => {
      const email = uniqueEmail('customer');
      await jsonOf(await client.post('/auth/register', { email, password: strongPassword() }), 201);
      await expect(
        boot({ AUTH_ADMIN_EMAIL: email, AUTH_ADMIN_PASSWORD: strongPassword() }),
      ).rejects.toThrow(/refusing to promote/);
      const rows = await sql.query('SELECT roles FROM users WHERE email = $1', [email]);
      expect(rows.rows).toEqual([{ roles: ['customer'] }]);
    });
  });
});
