import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { env } from './env-types.js';
import { ConfigError, loadConfig } from './load-config.js';

const schema = z.object({
  PORT: env.port().default(3000),
  POSTGRES_URL: env.url('postgres', 'postgresql'),
  KAFKA_BROKERS: env.list(),
  TRACING: env.boolean().default(false),
});

describe('loadConfig', () => {
  it('parses and types every variable', () => {
    const config = loadConfig(schema, {
      PORT: '8080',
      POSTGRES_URL: 'postgres://u:p@127.0.0.1:5432/db',
      KAFKA_BROKERS: 'a:1, b:2,',
      TRACING: '1',
    });
    expect(config).toEqual({
      PORT: 8080,
      POSTGRES_URL: 'postgres://u:p@127.0.0.1:5432/db',
      KAFKA_BROKERS: ['a:1', 'b:2'],
      TRACING: true,
    });
  });

  it('applies defaults and treats empty strings as unset', () => {
    const config = loadConfig(schema, {
      PORT: '',
      POSTGRES_URL: 'postgres://h/db',
      KAFKA_BROKERS: 'k:1',
    });
    expect(config.PORT).toBe(3000);
    expect(config.TRACING).toBe(false);
  });

  it('names every missing or malformed variable', () => {
    let caught: unknown;
    try {
      loadConfig(schema, { PORT: '70000', POSTGRES_URL: 'mysql://h/db', TRACING: 'yes' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const variables = (caught as ConfigError).problems.map((problem) => problem.variable).sort();
    expect(variables).toEqual(['KAFKA_BROKERS', 'PORT', 'POSTGRES_URL', 'TRACING']);
    expect((caught as ConfigError).message).toMatch(/KAFKA_BROKERS: is required but not set/);
  });

  it('names a malformed URL instead of throwing out of validation', () => {
    let caught: unknown;
    try {
      loadConfig(schema, { PORT: '80', POSTGRES_URL: 'not a url', KAFKA_BROKERS: 'h:1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems.map((problem) => problem.variable)).toEqual([
      'POSTGRES_URL',
    ]);
  });
});
