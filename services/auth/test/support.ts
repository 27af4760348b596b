import 'reflect-metadata';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { problemContentType } from '@shop/contracts';
import { createHttpApp, parseTrustedProxies, type HttpApp } from '@shop/platform-http';
import { devstackEnv, freePort, provisionTestTopics, uniqueName } from '@shop/testing';
import { parseAuthConfig, type AuthConfig } from '../src/config/auth.config.js';
import { authHttpOptions } from '../src/config/http.config.js';
import type { Argon2Params } from '../src/passwords/argon2-params.js';

export const ISSUER = 'https://auth.shop.test';
export const AUDIENCE = 'shop-api';

/**
 * argon2id far below OWASP's floor, for tests that are not about hashing: a login costs a
 * millisecond instead of 30. Only a config object built in a test can carry it; the
 * environment schema refuses it.
 */
export const CHEAP_ARGON2: Argon2Params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/** An Ed25519 key pair, with the private key as `AUTH_SIGNING_KEY` holds it (JWK text). */
export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Private JWK, JSON. */
  privateJwk: string;
  /** Public JWK, JSON: what `AUTH_PREVIOUS_PUBLIC_KEY` holds. */
  publicJwk: string;
}

export function makeKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    kid,
    privateKey,
    publicKey,
    privateJwk: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid }),
    publicJwk: JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid }),
  };
}

/** The key pair of a private JWK text. */
export function keyOf(privateJwk: string): TestKey {
  const jwk = JSON.parse(privateJwk) as { kid: string };
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  const publicKey = createPublicKey(privateKey);
  return {
    kid: jwk.kid,
    privateKey,
    publicKey,
    privateJwk,
    publicJwk: JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid: jwk.kid }),
  };
}

/** Shared with the tests that import it from here. */
export { freePort };

/**
 * The environment of one auth instance of a test file: the devstack's servers, the file's own
 * database, topic prefix and Redis key prefix, and a signing key.
 */
export function testEnv(options: {
  databaseUrl: string;
  topicPrefix: string;
  redisKeyPrefix: string;
  port: number;
  signingKey: string;
  extra?: NodeJS.ProcessEnv;
}): NodeJS.ProcessEnv {
  const servers = devstackEnv();
  return {
    NODE_ENV: 'test',
    PORT: String(options.port),
    // A free one: the tests that need the probes ask the running instance where they are.
    MANAGEMENT_PORT: '0',
    // Behind the gateway, as the chart runs it: the one hop in front says who the client is.
    TRUSTED_PROXIES: '1',
    HOST: '127.0.0.1',
    POSTGRES_URL: options.databaseUrl,
    REDIS_URL: servers.REDIS_URL,
    KAFKA_BROKERS: servers.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: options.topicPrefix,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_SIGNING_KEY: options.signingKey,
    AUTH_REDIS_KEY_PREFIX: options.redisKeyPrefix,
    LOG_LEVEL: 'warn',
    ...options.extra,
  };
}

/** A Redis key prefix of one test file: its counters never meet another file's. */
export function testRedisPrefix(name: string): string {
  return `${uniqueName(name)}:`;
}

/** Prints only errors, so that a failing test shows why and a passing one stays quiet. */
export class QuietLogger implements LoggerService {
  log(): void {}
  warn(): void {}
  debug(): void {}
  verbose(): void {}
  error(message: unknown, ...params: unknown[]): void {
    process.stderr.write(
      `[auth error] ${JSON.stringify(message)} ${params.map(String).join(' ')}\n`,
    );
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.error(message, ...params);
  }
}

/** An auth app listening on 127.0.0.1. */
export interface RunningAuth {
  /** The management listener: probes and `/metrics`. */
  managementUrl: string;
  url: string;
  app: HttpApp['app'];
  config: AuthConfig;
  close(): Promise<void>;
}

/**
 * Builds the app as `main.ts` does (same options) from `env`, with `adjust` applied to the
 * parsed configuration, and listens on the configured port.
 */
export async function startAuth(
  env: NodeJS.ProcessEnv,
  adjust: (config: AuthConfig) => AuthConfig = (config) => config,
): Promise<RunningAuth> {
  const config = adjust(parseAuthConfig(env));
  await provisionTestTopics(env);
  const { app, management, shutdown } = await createHttpApp({
    ...authHttpOptions(config, new QuietLogger()),
    // What the platform reads from the process's environment in main.ts, from `env` here.
    trustProxy: parseTrustedProxies(env.TRUSTED_PROXIES),
    shutdownTimeoutMs: 10_000,
  });
  let managementUrl: string;
  try {
    await app.listen({ port: config.http.port, host: config.http.host });
    managementUrl = await management.listen(config.http.managementPort, config.http.host);
  } catch (error) {
    // A failed start (e.g. the admin check) leaves pools and clients open: close them, as main does.
    await app.close();
    await management.close();
    throw error;
  }
  const url = `http://127.0.0.1:${config.http.port}`;
  return { url, managementUrl, app, config, close: () => shutdown() };
}

/** The configuration with cheap password hashing (see {@link CHEAP_ARGON2}). */
export function cheapHashing(config: AuthConfig): AuthConfig {
  return { ...config, passwordHashing: CHEAP_ARGON2 };
}

/** A client of one running instance; every request is bounded in time. */
export class AuthClient {
  constructor(readonly url: string) {}

  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  }

  me(accessToken: string): Promise<Response> {
    return this.get('/auth/me', { authorization: `Bearer ${accessToken}` });
  }

  /** Logs in from `ip` (the trusted loopback proxy forwards it, as the gateway would). */
  login(email: string, password: string, ip = '198.51.100.1'): Promise<Response> {
    return this.post('/auth/login', { email, password }, { 'x-forwarded-for': ip });
  }
}

/** A new address, unique per call. */
export function uniqueEmail(tag: string): string {
  return `${uniqueName(tag)}@example.com`;
}

/** A password no blocklist holds, unique per call. */
export function strongPassword(): string {
  return `pw-${uniqueName('secret')}`;
}

/** The JSON body of a problem response, with its media type checked. */
export async function problemOf(response: Response): Promise<Record<string, unknown>> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith(problemContentType)) {
    throw new Error(`expected ${problemContentType}, got ${type}: ${await response.text()}`);
  }
  return (await response.json()) as Record<string, unknown>;
}

/** The JSON body of a success, with the status checked first (the body explains a failure). */
export async function jsonOf<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  }
  return JSON.parse(text) as T;
}
