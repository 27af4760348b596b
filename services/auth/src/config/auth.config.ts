import { z } from 'zod';
import { passwordSchema } from '@shop/contracts';
import { env, loadConfig, loadConfigOrExit } from '@shop/platform-config';
import {
  checkKafkaSecurityEnv,
  kafkaSecurityEnv,
  kafkaSecurityFromEnv,
  type KafkaSecurity,
} from '@shop/platform-messaging';
import { emailInputSchema } from '../accounts/email.js';
import { KeyFormatError, parsePublicKey, parseSigningKey } from '../keys/signing-keys.js';
import {
  ARGON2_MIN_MEMORY_KIB,
  meetsOwaspFloor,
  OWASP_ARGON2_PARAMS,
  type Argon2Params,
} from '../passwords/argon2-params.js';

/** Injection token of the service's {@link AuthConfig}. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

const DAY_SECONDS = 86_400;

/** The service's environment. `.env.example` describes every variable. */
export const authEnvSchema = z
  .object({
    NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
    PORT: env.port().default(3001),
    /** Probes and /metrics listen here, off the API port (0: a free port). */
    MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(9001),
    HOST: z.string().min(1).default('127.0.0.1'),
    POSTGRES_URL: env.url('postgres', 'postgresql'),
    REDIS_URL: env.url('redis', 'rediss'),
    KAFKA_BROKERS: env.list().pipe(z.array(z.string()).min(1, 'must name at least one broker')),
    ...kafkaSecurityEnv,
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9._-]*$/, 'must be letters, digits, dots, dashes or underscores')
      .default(''),
    CORS_ORIGINS: env.list().default([]),
    LOG_LEVEL: env.logLevel().default('info'),
    /** Run the migrations and exit, without serving: the chart's hook Job (src/migrate.ts). */
    MIGRATE_ONLY: env.boolean().default(false),
    AUTH_ISSUER: z.string().min(1),
    AUTH_AUDIENCE: z.string().min(1),
    AUTH_JWKS_URL: env.url('http', 'https').optional(),
    AUTH_SIGNING_KEY: z.string().optional(),
    AUTH_PREVIOUS_PUBLIC_KEY: z.string().optional(),
    AUTH_DEV_KEYS: env.boolean().default(false),
    AUTH_DEV_KEYS_FILE: z.string().min(1).default('.devstack/auth/dev-signing-key.json'),
    AUTH_ADMIN_EMAIL: emailInputSchema.optional(),
    AUTH_ADMIN_PASSWORD: passwordSchema.optional(),
    AUTH_ACCESS_TOKEN_TTL_SECONDS: env.positiveInt().min(60).max(3600).default(900),
    AUTH_REFRESH_TOKEN_TTL_SECONDS: env
      .positiveInt()
      .min(60)
      .default(30 * DAY_SECONDS),
    AUTH_REFRESH_FAMILY_MAX_AGE_SECONDS: env
      .positiveInt()
      .min(60)
      .default(90 * DAY_SECONDS),
    AUTH_ARGON2_MEMORY_KIB: env
      .positiveInt()
      .min(ARGON2_MIN_MEMORY_KIB)
      .default(OWASP_ARGON2_PARAMS.memoryCost),
    AUTH_ARGON2_ITERATIONS: env.positiveInt().default(OWASP_ARGON2_PARAMS.timeCost),
    AUTH_ARGON2_PARALLELISM: env.positiveInt().max(255).default(OWASP_ARGON2_PARAMS.parallelism),
    AUTH_LOGIN_WINDOW_SECONDS: env.positiveInt().default(900),
    AUTH_LOGIN_FREE_FAILURES_PER_CLIENT: env.positiveInt().max(100).default(5),
    AUTH_LOGIN_BACKOFF_BASE_SECONDS: env.positiveInt().max(3600).default(1),
    AUTH_LOGIN_BACKOFF_MAX_SECONDS: env.positiveInt().max(86_400).default(900),
    AUTH_LOGIN_MAX_FAILURES_PER_IP: env.positiveInt().default(20),
    AUTH_LOGIN_ACCOUNT_BUDGET: env.positiveInt().default(100),
    // Bounded: the delay is what the owner pays too while an attack goes on.
    AUTH_LOGIN_ACCOUNT_DELAY_MS: env.positiveInt().max(10_000).default(1_000),
    AUTH_REDIS_KEY_PREFIX: z.string().default('auth:'),
  })
  .superRefine((vars, ctx) => {
    checkKafkaSecurityEnv(vars, ctx);
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (!vars.AUTH_SIGNING_KEY && !vars.AUTH_DEV_KEYS) {
      problem(
        'AUTH_SIGNING_KEY',
        'is required (a private Ed25519 JWK or PKCS#8 PEM), unless AUTH_DEV_KEYS=true',
      );
    }
    checkKey(vars.AUTH_SIGNING_KEY, parseSigningKey, (message) =>
      problem('AUTH_SIGNING_KEY', message),
    );
    checkKey(vars.AUTH_PREVIOUS_PUBLIC_KEY, parsePublicKey, (message) =>
      problem('AUTH_PREVIOUS_PUBLIC_KEY', message),
    );
    if (vars.AUTH_DEV_KEYS && vars.NODE_ENV === 'production') {
      problem('AUTH_DEV_KEYS', 'must not be true in production: configure AUTH_SIGNING_KEY');
    }
    if (Boolean(vars.AUTH_ADMIN_EMAIL) !== Boolean(vars.AUTH_ADMIN_PASSWORD)) {
      problem('AUTH_ADMIN_PASSWORD', 'AUTH_ADMIN_EMAIL and AUTH_ADMIN_PASSWORD go together');
    }
    if (vars.AUTH_REFRESH_FAMILY_MAX_AGE_SECONDS < vars.AUTH_REFRESH_TOKEN_TTL_SECONDS) {
      problem(
        'AUTH_REFRESH_FAMILY_MAX_AGE_SECONDS',
        'must be at least AUTH_REFRESH_TOKEN_TTL_SECONDS',
      );
    }
    if (!meetsOwaspFloor(argon2Of(vars))) {
      problem(
        'AUTH_ARGON2_ITERATIONS',
        "memory × iterations must reach OWASP's lightest argon2id setting (7168 KiB × 5)",
      );
    }
  });

/** A malformed key stops the boot with the variable's name, as any other bad value does. */
function checkKey(
  text: string | undefined,
  parse: (text: string) => unknown,
  report: (message: string) => void,
): void {
  if (text === undefined) return;
  try {
    parse(text);
  } catch (error) {
    if (!(error instanceof KeyFormatError)) throw error;
    report(error.message);
  }
}

export type AuthEnv = z.infer<typeof authEnvSchema>;

/** The service's configuration, grouped by concern. */
export interface AuthConfig {
  http: { port: number; managementPort: number; host: string; corsOrigins: string[] };
  logLevel: AuthEnv['LOG_LEVEL'];
  postgresUrl: string;
  redisUrl: string;
  kafka: { brokers: string[]; topicPrefix: string; security: KafkaSecurity };
  tokens: {
    issuer: string;
    audience: string;
    /** Where the guard of `/auth/me` fetches this service's own key set. */
    jwksUrl: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** A refresh family ends this long after the login that started it, however often used. */
    refreshFamilyMaxAgeSeconds: number;
  };
  keys: {
    /** The current private key: an Ed25519 JWK (JSON) or PKCS#8 PEM. */
    signingKey?: string;
    /** The key before it, public only, still served in the JWKS so its tokens keep verifying. */
    previousPublicKey?: string;
    /** Set only for the local demo without a configured key: where the generated key lives. */
    devKeyFile?: string;
  };
  /** The administrator created at start, when configured. */
  admin?: { email: string; password: string };
  passwordHashing: Argon2Params;
  /** Failed-login throttling (ADR 0017). */
  throttling: {
    /** How long failures are remembered: the client's window, the account's budget window. */
    windowSeconds: number;
    /** Failures one client may make at one account before it backs off. */
    freeFailuresPerClient: number;
    /** The first backoff, doubled with each further failure, up to the maximum. */
    backoffBaseSeconds: number;
    backoffMaxSeconds: number;
    /** Failures from one address (IPv6: one /64) at any accounts within the window. */
    maxFailuresPerIp: number;
    /** Failures at one account from all clients within the window before attempts slow down. */
    accountBudget: number;
    /** The delay added to every attempt at an account over its budget. */
    accountDelayMs: number;
    redisKeyPrefix: string;
  };
}

function argon2Of(vars: AuthEnv): Argon2Params {
  return {
    memoryCost: vars.AUTH_ARGON2_MEMORY_KIB,
    timeCost: vars.AUTH_ARGON2_ITERATIONS,
    parallelism: vars.AUTH_ARGON2_PARALLELISM,
  };
}

/** The service fetches its own key set over loopback when it listens on every interface. */
function defaultJwksUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const authority = reachable.includes(':') ? `[${reachable}]` : reachable;
  return `http://${authority}:${port}/.well-known/jwks.json`;
}

/** Groups the validated environment into the {@link AuthConfig} the modules read. */
export function toAuthConfig(vars: AuthEnv): AuthConfig {
  const useDevKey = !vars.AUTH_SIGNING_KEY && vars.AUTH_DEV_KEYS;
  return {
    http: {
      port: vars.PORT,
      managementPort: vars.MANAGEMENT_PORT,
      host: vars.HOST,
      corsOrigins: vars.CORS_ORIGINS,
    },
    logLevel: vars.LOG_LEVEL,
    postgresUrl: vars.POSTGRES_URL,
    redisUrl: vars.REDIS_URL,
    kafka: {
      brokers: vars.KAFKA_BROKERS,
      topicPrefix: vars.KAFKA_TOPIC_PREFIX,
      security: kafkaSecurityFromEnv(vars),
    },
    tokens: {
      issuer: vars.AUTH_ISSUER,
      audience: vars.AUTH_AUDIENCE,
      jwksUrl: vars.AUTH_JWKS_URL ?? defaultJwksUrl(vars.HOST, vars.PORT),
      accessTokenTtlSeconds: vars.AUTH_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: vars.AUTH_REFRESH_TOKEN_TTL_SECONDS,
      refreshFamilyMaxAgeSeconds: vars.AUTH_REFRESH_FAMILY_MAX_AGE_SECONDS,
    },
    keys: {
      signingKey: vars.AUTH_SIGNING_KEY,
      previousPublicKey: vars.AUTH_PREVIOUS_PUBLIC_KEY,
      devKeyFile: useDevKey ? vars.AUTH_DEV_KEYS_FILE : undefined,
    },
    admin:
      vars.AUTH_ADMIN_EMAIL && vars.AUTH_ADMIN_PASSWORD
        ? { email: vars.AUTH_ADMIN_EMAIL, password: vars.AUTH_ADMIN_PASSWORD }
        : undefined,
    passwordHashing: argon2Of(vars),
    throttling: {
      windowSeconds: vars.AUTH_LOGIN_WINDOW_SECONDS,
      freeFailuresPerClient: vars.AUTH_LOGIN_FREE_FAILURES_PER_CLIENT,
      backoffBaseSeconds: vars.AUTH_LOGIN_BACKOFF_BASE_SECONDS,
      backoffMaxSeconds: vars.AUTH_LOGIN_BACKOFF_MAX_SECONDS,
      maxFailuresPerIp: vars.AUTH_LOGIN_MAX_FAILURES_PER_IP,
      accountBudget: vars.AUTH_LOGIN_ACCOUNT_BUDGET,
      accountDelayMs: vars.AUTH_LOGIN_ACCOUNT_DELAY_MS,
      redisKeyPrefix: vars.AUTH_REDIS_KEY_PREFIX,
    },
  };
}

/** The configuration from `source`; throws `ConfigError` naming every bad variable. */
export function parseAuthConfig(source: NodeJS.ProcessEnv = process.env): AuthConfig {
  return toAuthConfig(loadConfig(authEnvSchema, source));
}

/** For `main.ts`: the configuration, or one line per bad variable and exit code 1. */
export function loadAuthConfigOrExit(source: NodeJS.ProcessEnv = process.env): AuthConfig {
  return toAuthConfig(loadConfigOrExit('auth', authEnvSchema, source));
}
