import cassandra from 'cassandra-driver';
import { devstackEnv } from './devstack-env.js';
import { uniqueName } from './names.js';

export interface TestKeyspace {
  name: string;
  client: cassandra.Client;
  drop(): Promise<void>;
}

/** A fresh keyspace (replication factor 1) and a connected client for one test file. */
export async function createTestKeyspace(prefix: string): Promise<TestKeyspace> {
  const env = devstackEnv();
  const client = new cassandra.Client({
    contactPoints: env.CASSANDRA_CONTACT_POINTS.split(','),
    localDataCenter: env.CASSANDRA_LOCAL_DATACENTER,
  });
  await client.connect();
  const name = uniqueName(prefix);
  await client.execute(
    `CREATE KEYSPACE ${name} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
  );
  return {
    name,
    client,
    drop: async () => {
      await client.execute(`DROP KEYSPACE IF EXISTS ${name}`);
      await client.shutdown();
    },
  };
}
