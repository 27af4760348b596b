import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@shop/platform-config';
import { gatewayConfigSchema } from './gateway.config.js';

const valid = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  AUTH_SERVICE_URL: 'http://127.0.0.1:3001',
  CATALOG_SERVICE_URL: 'http://127.0.0.1:3002',
  INVENTORY_SERVICE_URL: 'http://127.0.0.1:3003',
  ORDER_SERVICE_URL: 'http://127.0.0.1:3004/',
  AUTH_JWKS_URL: 'http://127.0.0.1:3001/.well-known/jwks.json',
  AUTH_ISSUER: 'https://auth.shop.example',
  AUTH_AUDIENCE: 'shop-api',
};

function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadConfig(gatewayConfigSchema, environment);
  } catch (error) {
    if (error instanceof ConfigError) return [...new Set(error.problems.map((p) => p.variable))];
    throw error;
  }
  return [];
}

describe('gateway config', () => {
  it('applies the defaults', () => {
    expect(loadConfig(gatewayConfigSchema, valid)).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CORS_ORIGINS: [],
      REDIS_KEY_PREFIX: 'gateway:',
      UPSTREAM_TIMEOUT_MS: 5_000,
      AVAILABILITY_TIMEOUT_MS: 300,
      CIRCUIT_FAILURE_THRESHOLD: 5,
      CIRCUIT_OPEN_MS: 5_000,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      RATE_LIMIT_PER_IP: 1_200,
      RATE_LIMIT_PER_CUSTOMER: 600,
      RATE_LIMIT_LOGIN_PER_IP: 20,
      RATE_LIMIT_CHECKOUT_PER_CUSTOMER: 30,
    });
  });

  it('names every missing or malformed variable', () => {
    expect(
      problemsOf({
        ...valid,
        REDIS_URL: 'http://127.0.0.1:6379',
        CATALOG_SERVICE_URL: 'http://catalog:3002/api',
        INVENTORY_SERVICE_URL: 'not a url',
        ORDER_SERVICE_URL: '',
        RATE_LIMIT_PER_IP: '0',
        CIRCUIT_OPEN_MS: 'soon',
      }).sort(),
    ).toEqual([
      'CATALOG_SERVICE_URL',
      'CIRCUIT_OPEN_MS',
      'INVENTORY_SERVICE_URL',
      'ORDER_SERVICE_URL',
      'RATE_LIMIT_PER_IP',
      'REDIS_URL',
    ]);
  });
});
