import { randomBytes } from 'node:crypto';

/**
 * A name no other test file or run uses, valid as a Postgres database, a Cassandra keyspace, a
 * Kafka topic or consumer group and a MongoDB database: lower case, digits and underscores,
 * starting with a letter, short enough for every one of them.
 */
export function uniqueName(prefix: string): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 24);
  return `t_${clean}_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
