import { Global, Module, type DynamicModule } from '@nestjs/common';
import { z } from 'zod';
import { currencySchema } from '@shop/contracts';
import { env } from '@shop/platform-config';
import {
  checkKafkaSecurityEnv,
  kafkaSecurityEnv,
  kafkaSecurityFromEnv,
  type KafkaSecurity,
} from '@shop/platform-messaging';

/** `host:port`, as KafkaJS wants each broker. */
const brokerSchema = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port');

/**
 * The catalog's environment. Every variable is documented in `.env.example`; a missing or bad
 * one stops the process at boot and is named (`loadConfigOrExit`).
 */
export const catalogConfigSchema = z
  .object({
    PORT: env.port().default(3002),
    /** Probes and /metrics listen here, off the API port (0: a free port). */
    MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(9002),
    HOST: z.string().min(1).default('127.0.0.1'),
    MONGODB_URL: env.url('mongodb', 'mongodb+srv'),
    MONGODB_DATABASE: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1-63 letters, digits, _ or -')
      .default('catalog'),
    REDIS_URL: env.url('redis', 'rediss'),
    /** Namespaces every cache key, so that several environments (or tests) can share one Redis. */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{0,64}$/, 'must be up to 64 letters, digits or _.:-')
      .default('catalog:'),
    KAFKA_BROKERS: env.list().pipe(z.array(brokerSchema).min(1, 'must name at least one broker')),
    ...kafkaSecurityEnv,
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9._-]{0,100}$/, 'must be letters, digits, . _ or -')
      .default(''),
    AUTH_JWKS_URL: env.url('http', 'https'),
    AUTH_ISSUER: z.string().min(1),
    AUTH_AUDIENCE: z.string().min(1),
    /** Off turns the Redis cache off entirely (the benchmark's "from MongoDB" figures). */
    CACHE_ENABLED: env.boolean().default(true),
    CACHE_TTL_SECONDS: env.positiveInt().max(86_400).default(300),
    /** The one currency of the store: price filters and sorts compare amounts of this currency. */
    STORE_CURRENCY: currencySchema.default('EUR'),
    CORS_ORIGINS: env.list().default([]),
    LOG_LEVEL: env.logLevel().default('info'),
  })
  .superRefine(checkKafkaSecurityEnv);

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;

/** The TLS and SASL settings of the catalog's Kafka client. */
export function catalogKafkaSecurity(config: CatalogConfig): KafkaSecurity {
  return kafkaSecurityFromEnv(config);
}

/** Injection token of the validated {@link CatalogConfig}. */
export const CATALOG_CONFIG = Symbol('CATALOG_CONFIG');

/** Makes the validated config injectable everywhere (`@Inject(CATALOG_CONFIG)`). */
@Global()
@Module({})
export class CatalogConfigModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return {
      module: CatalogConfigModule,
      providers: [{ provide: CATALOG_CONFIG, useValue: config }],
      exports: [CATALOG_CONFIG],
    };
  }
}
