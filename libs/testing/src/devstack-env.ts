import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Connection settings of the devstack servers, as `tools/devstack` writes them. */
export interface DevstackEnv {
  POSTGRES_URL: string;
  REDIS_URL: string;
  KAFKA_BROKERS: string;
  CASSANDRA_CONTACT_POINTS: string;
  CASSANDRA_LOCAL_DATACENTER: string;
  MONGODB_URL: string;
}

const keys: (keyof DevstackEnv)[] = [
  'POSTGRES_URL',
  'REDIS_URL',
  'KAFKA_BROKERS',
  'CASSANDRA_CONTACT_POINTS',
  'CASSANDRA_LOCAL_DATACENTER',
  'MONGODB_URL',
];

function defaultHome(): string {
  return (
    process.env.DEVSTACK_HOME ?? join(resolve(import.meta.dirname, '..', '..', '..'), '.devstack')
  );
}

function parse(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2];
  }
  return values;
}

/**
 * Reads the devstack's env file; variables already set in the environment win, so the same
 * tests run against servers started some other way. Fails loudly, naming what is missing.
 * With `home`, reads the env file of the stack there (a suite's own stack) and nothing else.
 */
export function devstackEnv(home?: string): DevstackEnv {
  const file = join(home ?? defaultHome(), 'devstack.env');
  const fromFile = existsSync(file) ? parse(readFileSync(file, 'utf8')) : {};
  const env = {} as DevstackEnv;
  const missing: string[] = [];
  for (const key of keys) {
    const value = (home === undefined ? process.env[key] : undefined) ?? fromFile[key];
    if (value === undefined || value === '') missing.push(key);
    else env[key] = value;
  }
  if (missing.length > 0) {
    throw new Error(
      `devstack settings missing: ${missing.join(', ')} (run \`npm run infra -- up\`; looked in ${file})`,
    );
  }
  return env;
}

/** The devstack's SASL SCRAM listener and its user, as `tools/devstack` writes them. */
export interface DevstackScram {
  brokers: string;
  username: string;
  password: string;
}

/** The devstack's TLS listener and the CA (a PEM file) its certificate is checked against. */
export interface DevstackTls {
  brokers: string;
  caFile: string;
}

/**
 * Settings of the listeners added after the plaintext one, read apart from {@link devstackEnv} so
 * that tests which need only plaintext run against a stack written before they existed.
 */
function listenerSettings(keys: string[], home?: string): string[] {
  const file = join(home ?? defaultHome(), 'devstack.env');
  const values = existsSync(file) ? parse(readFileSync(file, 'utf8')) : {};
  const found = keys.map(
    (key) => (home === undefined ? process.env[key] : undefined) ?? values[key],
  );
  const missing = keys.filter((_, index) => !found[index]);
  if (missing.length > 0) {
    throw new Error(
      `devstack settings missing: ${missing.join(', ')} (restart its Kafka: \`npm run infra -- down kafka && npm run infra -- up kafka\`; looked in ${file})`,
    );
  }
  return found;
}

/** The SCRAM settings of the devstack (or of the stack at `home`). */
export function devstackScram(home?: string): DevstackScram {
  const [brokers, username, password] = listenerSettings(
    ['KAFKA_SCRAM_BROKERS', 'KAFKA_SCRAM_USERNAME', 'KAFKA_SCRAM_PASSWORD'],
    home,
  );
  return { brokers, username, password };
}

/** The TLS settings of the devstack (or of the stack at `home`). */
export function devstackTls(home?: string): DevstackTls {
  const [brokers, caFile] = listenerSettings(['KAFKA_TLS_BROKERS', 'KAFKA_TLS_CA_FILE'], home);
  return { brokers, caFile };
}
