import cassandra from 'cassandra-driver';
import { lwtOptions } from './lwt.js';
import { Migrator } from './migrator.js';
import { migrations } from './migrations/index.js';

export interface CassandraSettings {
  contactPoints: string[];
  localDataCenter: string;
  keyspace: string;
  replicationFactor: number;
}

/** A connected driver and the service's keyspace, with its schema migrated. */
export class CassandraSession {
  constructor(
    readonly client: cassandra.Client,
    readonly keyspace: string,
  ) {}

  /** Connects, applies the migrations (coordinating with other instances) and returns the session. */
  static async open(
    settings: CassandraSettings,
    log?: (message: string) => void,
  ): Promise<CassandraSession> {
    const client = new cassandra.Client({
      contactPoints: settings.contactPoints,
      localDataCenter: settings.localDataCenter,
      queryOptions: { ...lwtOptions, isIdempotent: false },
    });
    try {
      await client.connect();
      await new Migrator(client, { ...settings, log }).migrate(migrations);
    } catch (error) {
      await client.shutdown();
      throw error;
    }
    return new CassandraSession(client, settings.keyspace);
  }

  /** A table of the service's keyspace, qualified. */
  table(name: string): string {
    return `${this.keyspace}.${name}`;
  }

  /** For readiness: the node answers a query. */
  async ping(): Promise<void> {
    await this.client.execute('SELECT release_version FROM system.local');
  }

  async close(): Promise<void> {
    await this.client.shutdown();
  }
}
