import { Kafka, KafkaJSSASLAuthenticationError, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '@shop/platform-config';
import { devstackScram, devstackTls, readTopic, testKafka, uniqueName } from '@shop/testing';
import {
  checkKafkaSecurityEnv,
  createKafka,
  ensureTopics,
  kafkaSecurityEnv,
  kafkaSecurityFromEnv,
  kafkaSecurityOptions,
} from '../src/index.js';

// The way a service builds its client: its env schema, then createKafka with the mapped settings.
const schema = z.object({ ...kafkaSecurityEnv }).superRefine(checkKafkaSecurityEnv);

function clientFromEnv(brokers: string, source: Record<string, string>) {
  const security = kafkaSecurityFromEnv(loadConfig(schema, source));
  return createKafka({ clientId: uniqueName('sasl'), brokers: [brokers], security });
}

describe('Kafka over SASL SCRAM (the devstack SASL listener)', () => {
  const scram = devstackScram();
  const topic = uniqueName('kafka_sasl');

  beforeAll(async () => {
    await ensureTopics(testKafka('sasl-setup'), [topic]);
  });

  afterAll(async () => {
    const admin = testKafka('sasl-teardown').admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it.each(['scram-sha-256', 'scram-sha-512'])(
    'produces and consumes with the right %s credentials',
    async (mechanism) => {
      const kafka = clientFromEnv(scram.brokers, {
        KAFKA_SASL_MECHANISM: mechanism,
        KAFKA_SASL_USERNAME: scram.username,
        KAFKA_SASL_PASSWORD: scram.password,
      });
      const producer = kafka.producer();
      await producer.connect();
      try {
        await producer.send({ topic, messages: [{ key: mechanism, value: `via ${mechanism}` }] });
      } finally {
        await producer.disconnect();
      }
      const received = await readTopic(kafka, topic, 1, { settleMs: 0 });
      expect(received.map((message) => message.value)).toContain(`via ${mechanism}`);
    },
  );

  it('refuses a wrong password', async () => {
    const producer = clientFromEnv(scram.brokers, {
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: scram.username,
      KAFKA_SASL_PASSWORD: `${scram.password}-wrong`,
    }).producer();
    await expect(producer.connect()).rejects.toBeInstanceOf(KafkaJSSASLAuthenticationError);
    await producer.disconnect();
  });

  it('refuses an unknown user', async () => {
    const producer = clientFromEnv(scram.brokers, {
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: uniqueName('nobody'),
      KAFKA_SASL_PASSWORD: scram.password,
    }).producer();
    await expect(producer.connect()).rejects.toBeInstanceOf(KafkaJSSASLAuthenticationError);
    await producer.disconnect();
  });
});

describe('Kafka over TLS (the devstack TLS listener, a self-signed certificate)', () => {
  const tls = devstackTls();
  const topic = uniqueName('kafka_tls');

  beforeAll(async () => {
    await ensureTopics(testKafka('tls-setup'), [topic]);
  });

  afterAll(async () => {
    const admin = testKafka('tls-teardown').admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('produces and consumes, verifying the broker against KAFKA_SSL_CA_FILE', async () => {
    const kafka = clientFromEnv(tls.brokers, { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: tls.caFile });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ key: 'tls', value: 'via tls' }] });
    } finally {
      await producer.disconnect();
    }
    const received = await readTopic(kafka, topic, 1, { settleMs: 0 });
    expect(received.map((message) => message.value)).toEqual(['via tls']);
  });

  it('refuses a broker whose certificate the trusted roots do not vouch for', async () => {
    const security = kafkaSecurityFromEnv(loadConfig(schema, { KAFKA_SSL: 'true' }));
    // One attempt: the refusal is the same on every retry.
    const producer = new Kafka({
      clientId: uniqueName('tls-untrusted'),
      brokers: [tls.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      ...kafkaSecurityOptions(security),
    }).producer();
    await expect(producer.connect()).rejects.toThrow(/self[- ]signed|certificate/i);
    await producer.disconnect();
  });
});
