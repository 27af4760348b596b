import { topics } from '@shop/contracts';
import { devstackEnv } from '@shop/testing';
import { AUDIENCE, ISSUER } from './tokens.js';

/** What one test file's inventory instances share: their keyspace, topics and group. */
export interface TestScope {
  keyspace: string;
  prefix: string;
  groupId: string;
  jwksUrl?: string;
}

/** The topics of a scope, with its prefix. */
export function scopedTopics(scope: Pick<TestScope, 'prefix' | 'groupId'>) {
  return {
    orders: `${scope.prefix}${topics.orderOrder}`,
    products: `${scope.prefix}${topics.catalogProduct}`,
    stock: `${scope.prefix}${topics.inventoryStock}`,
    ordersDeadLetters: `${scope.prefix}${topics.orderOrder}.${scope.groupId}.dlq`,
  };
}

/** The service's environment for a test scope, on the devstack's servers. */
export function inventoryEnv(
  scope: TestScope,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const devstack = devstackEnv();
  return {
    PORT: '0',
    MANAGEMENT_PORT: '0',
    HOST: '127.0.0.1',
    CASSANDRA_CONTACT_POINTS: devstack.CASSANDRA_CONTACT_POINTS,
    CASSANDRA_LOCAL_DATACENTER: devstack.CASSANDRA_LOCAL_DATACENTER,
    CASSANDRA_KEYSPACE: scope.keyspace,
    KAFKA_BROKERS: devstack.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: scope.prefix,
    KAFKA_GROUP_ID: scope.groupId,
    // Never fetched unless a test sends a token.
    AUTH_JWKS_URL: scope.jwksUrl ?? 'http://127.0.0.1:9/.well-known/jwks.json',
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    // The expected failures (dead letters) would be noise; set INVENTORY_TEST_LOG_LEVEL to debug.
    LOG_LEVEL: process.env.INVENTORY_TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  };
}
