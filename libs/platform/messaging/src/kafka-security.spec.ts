import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from '@shop/platform-config';
import { kafkaSecurityOptions } from './kafka.js';
import { checkKafkaSecurityEnv, kafkaSecurityEnv, kafkaSecurityFromEnv } from './kafka-security.js';

// As a service composes it: its own variables, the shared ones, the cross-variable rules.
const schema = z
  .object({ KAFKA_BROKERS: z.string(), ...kafkaSecurityEnv })
  .superRefine(checkKafkaSecurityEnv);

const base = { KAFKA_BROKERS: '127.0.0.1:9092' };
const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const passwordFile = join(dir, 'password');
writeFileSync(passwordFile, 's3cret\n');

function options(source: Record<string, string>) {
  return kafkaSecurityOptions(kafkaSecurityFromEnv(loadConfig(schema, { ...base, ...source })));
}

function problems(source: Record<string, string>) {
  try {
    loadConfig(schema, { ...base, ...source });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('Kafka security settings', () => {
  it('adds nothing when no security variable is set: plaintext and anonymous', () => {
    expect(options({})).toEqual({});
  });

  it('maps SCRAM credentials to KafkaJS sasl', () => {
    expect(
      options({
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'order',
        KAFKA_SASL_PASSWORD: 'pw',
      }),
    ).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'order', password: 'pw' } });
  });

  it('reads the password from a file, without its trailing newline', () => {
    expect(
      options({
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'order',
        KAFKA_SASL_PASSWORD_FILE: passwordFile,
      }).sasl,
    ).toEqual({ mechanism: 'scram-sha-256', username: 'order', password: 's3cret' });
  });

  it('maps TLS with a CA file, verifying the broker by default', () => {
    expect(options({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: caFile })).toEqual({
      ssl: {
        ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'],
        rejectUnauthorized: true,
      },
    });
    expect(options({ KAFKA_SSL: 'true', KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' })).toEqual({
      ssl: { rejectUnauthorized: false },
    });
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'pw' }, 'KAFKA_SASL_USERNAME'],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_PASSWORD'],
    [{ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'pw' }, 'KAFKA_SASL_MECHANISM'],
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_MECHANISM'],
    [{ KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_MECHANISM'],
    [
      {
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'pw',
        KAFKA_SASL_PASSWORD_FILE: passwordFile,
      },
      'KAFKA_SASL_PASSWORD_FILE',
    ],
    [{ KAFKA_SSL_CA_FILE: caFile }, 'KAFKA_SSL'],
    [{ KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' }, 'KAFKA_SSL'],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') }, 'KAFKA_SSL_CA_FILE'],
    [{ KAFKA_SSL: 'yes' }, 'KAFKA_SSL'],
  ])('refuses %o at boot, naming %s', (source, variable) => {
    expect(problems(source).map((problem) => problem.variable)).toContain(variable);
  });
});
