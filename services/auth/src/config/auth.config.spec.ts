import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@shop/platform-config';
import { authEnvSchema, parseAuthConfig } from './auth.config.js';

const signingKey = JSON.stringify(
  generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }),
);

const base = {
  POSTGRES_URL: 'postgres://shop:shop@127.0.0.1:54329/auth',
  REDIS_URL: 'redis://127.0.0.1:63799',
  KAFKA_BROKERS: '127.0.0.1:19092',
  AUTH_ISSUER: 'https://auth.shop.example',
  AUTH_AUDIENCE: 'shop-api',
  AUTH_SIGNING_KEY: signingKey,
};

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    parseAuthConfig(env);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((p) => `${p.variable}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('auth configuration', () => {
  it('fills in the defaults', () => {
    const config = parseAuthConfig(base);
    expect(config).toMatchObject({
      http: { port: 3001, host: '127.0.0.1', corsOrigins: [] },
      kafka: { brokers: ['127.0.0.1:19092'], topicPrefix: '' },
      tokens: {
        jwksUrl: 'http://127.0.0.1:3001/.well-known/jwks.json',
        accessTokenTtlSeconds: 900,
        refreshTokenTtlSeconds: 30 * 86_400,
        refreshFamilyMaxAgeSeconds: 90 * 86_400,
      },
      passwordHashing: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
      throttling: {
        windowSeconds: 900,
        freeFailuresPerClient: 5,
        backoffBaseSeconds: 1,
        backoffMaxSeconds: 900,
        maxFailuresPerIp: 20,
        accountBudget: 100,
        accountDelayMs: 1_000,
      },
    });
    expect(config.admin).toBeUndefined();
  });

  it('fetches its own key set over loopback when listening on every interface', () => {
    expect(parseAuthConfig({ ...base, HOST: '0.0.0.0', PORT: '8080' }).tokens.jwksUrl).toBe(
      'http://127.0.0.1:8080/.well-known/jwks.json',
    );
  });

  it('requires a signing key unless the dev key is asked for, and never in production', () => {
    const withoutKey = { ...base, AUTH_SIGNING_KEY: undefined };
    expect(problems(withoutKey)).toEqual([expect.stringMatching(/^AUTH_SIGNING_KEY: is required/)]);
    expect(parseAuthConfig({ ...withoutKey, AUTH_DEV_KEYS: 'true' }).keys.devKeyFile).toBe(
      '.devstack/auth/dev-signing-key.json',
    );
    expect(
      problems({ ...withoutKey, AUTH_DEV_KEYS: 'true', NODE_ENV: 'production' }),
    ).toContainEqual(expect.stringMatching(/^AUTH_DEV_KEYS: must not be true in production/));
  });

  it('ignores the dev key when a key is configured', () => {
    expect(parseAuthConfig({ ...base, AUTH_DEV_KEYS: 'true' }).keys.devKeyFile).toBeUndefined();
  });

  it('names a malformed key, and refuses a private key as the previous one', () => {
    expect(problems({ ...base, AUTH_SIGNING_KEY: 'nonsense' })).toEqual([
      expect.stringMatching(/^AUTH_SIGNING_KEY: /),
    ]);
    expect(problems({ ...base, AUTH_PREVIOUS_PUBLIC_KEY: signingKey })).toEqual([
      expect.stringMatching(/^AUTH_PREVIOUS_PUBLIC_KEY: must be a public key/),
    ]);
  });

  it('refuses argon2 parameters below OWASP’s', () => {
    expect(problems({ ...base, AUTH_ARGON2_MEMORY_KIB: '4096' })).toContainEqual(
      expect.stringMatching(/^AUTH_ARGON2_MEMORY_KIB: /),
    );
    expect(problems({ ...base, AUTH_ARGON2_ITERATIONS: '1' })).toEqual([
      expect.stringMatching(/^AUTH_ARGON2_ITERATIONS: /),
    ]);
    expect(
      parseAuthConfig({ ...base, AUTH_ARGON2_MEMORY_KIB: '47104', AUTH_ARGON2_ITERATIONS: '1' })
        .passwordHashing,
    ).toEqual({ memoryCost: 47_104, timeCost: 1, parallelism: 1 });
  });

  it('normalizes the admin email and wants both admin variables or neither', () => {
    const config = parseAuthConfig({
      ...base,
      AUTH_ADMIN_EMAIL: ' Admin@Shop.Example ',
      AUTH_ADMIN_PASSWORD: 'a long admin secret',
    });
    expect(config.admin).toEqual({ email: 'admin@shop.example', password: 'a long admin secret' });
    expect(problems({ ...base, AUTH_ADMIN_EMAIL: 'admin@shop.example' })).toEqual([
      expect.stringMatching(/^AUTH_ADMIN_PASSWORD: /),
    ]);
    expect(
      problems({ ...base, AUTH_ADMIN_EMAIL: 'admin@shop.example', AUTH_ADMIN_PASSWORD: 'short' }),
    ).toEqual([expect.stringMatching(/^AUTH_ADMIN_PASSWORD: /)]);
  });

  it('names every missing variable', () => {
    expect(problems({})).toEqual(
      expect.arrayContaining([
        'POSTGRES_URL: is required but not set',
        'REDIS_URL: is required but not set',
        'KAFKA_BROKERS: is required but not set',
        'AUTH_ISSUER: is required but not set',
        'AUTH_AUDIENCE: is required but not set',
      ]),
    );
  });
});

describe('.env.example', () => {
  const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  const vars = Object.fromEntries(
    example
      .split('\n')
      .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[1], match[2]]),
  );

  it('lists every variable of the schema', () => {
    expect(Object.keys(vars)).toEqual(expect.arrayContaining(Object.keys(authEnvSchema.shape)));
  });

  it('is a configuration the service accepts', () => {
    expect(parseAuthConfig(vars).keys.devKeyFile).toBe('.devstack/auth/dev-signing-key.json');
  });
});
