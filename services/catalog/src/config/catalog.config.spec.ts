import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@shop/platform-config';
import { catalogConfigSchema } from './catalog.config.js';

const valid = {
  MONGODB_URL: 'mongodb://127.0.0.1:27017/',
  REDIS_URL: 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
  AUTH_JWKS_URL: 'http://auth:3001/.well-known/jwks.json',
  AUTH_ISSUER: 'https://auth.shop.example',
  AUTH_AUDIENCE: 'shop-api',
};

function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadConfig(catalogConfigSchema, environment);
  } catch (error) {
    if (error instanceof ConfigError) return [...new Set(error.problems.map((p) => p.variable))];
    throw error;
  }
  return [];
}

describe('catalog config', () => {
  it('applies the defaults', () => {
    expect(loadConfig(catalogConfigSchema, valid)).toMatchObject({
      PORT: 3002,
      HOST: '127.0.0.1',
      MONGODB_DATABASE: 'catalog',
      REDIS_KEY_PREFIX: 'catalog:',
      KAFKA_BROKERS: ['kafka-0:9092', 'kafka-1:9092'],
      KAFKA_TOPIC_PREFIX: '',
      CACHE_ENABLED: true,
      CACHE_TTL_SECONDS: 300,
      STORE_CURRENCY: 'EUR',
      CORS_ORIGINS: [],
      LOG_LEVEL: 'info',
    });
  });

  it('names every missing or malformed variable instead of throwing anything else', () => {
    expect(
      problemsOf({
        ...valid,
        MONGODB_URL: 'not a url',
        REDIS_URL: 'http://127.0.0.1:6379',
        KAFKA_BROKERS: 'kafka-without-port',
        CACHE_TTL_SECONDS: '0',
        AUTH_ISSUER: '',
      }).sort(),
    ).toEqual(['AUTH_ISSUER', 'CACHE_TTL_SECONDS', 'KAFKA_BROKERS.0', 'MONGODB_URL', 'REDIS_URL']);
  });
});
