import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type cassandra from 'cassandra-driver';
import { lwtOptions, serialReadOptions } from './lwt.js';

/** A versioned schema change: CQL statements that are each safe to run twice. */
export interface Migration {
  version: number;
  name: string;
  statements: (keyspace: string) => string[];
}

export interface MigratorOptions {
  keyspace: string;
  localDataCenter: string;
  /** Replication of the keyspace if this migrator has to create it. */
  replicationFactor: number;
  /** How long a claim on a migration lasts: another instance takes over if its claimer died. */
  claimSeconds?: number;
  /** Bound on waiting for another instance's migration (default 120 s). */
  timeoutMs?: number;
  log?: (message: string) => void;
}

/**
 * Applies migrations in order, safely when several instances start together: each version is
 * claimed with `INSERT … IF NOT EXISTS` (a lease that expires if its holder dies), only the
 * claimer runs its statements, and everyone else waits until it is marked applied. Statements
 * are `IF NOT EXISTS` anyway, and each one waits for schema agreement, because two nodes
 * creating the same table concurrently is how Cassandra ends up with two table ids.
 */
export class Migrator {
  private readonly owner = randomUUID();

  constructor(
    private readonly client: cassandra.Client,
    private readonly options: MigratorOptions,
  ) {}

  async migrate(migrations: readonly Migration[]): Promise<number[]> {
    const { keyspace, localDataCenter, replicationFactor } = this.options;
    await this.ddl(
      `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ` +
        `{'class': 'NetworkTopologyStrategy', '${localDataCenter}': ${replicationFactor}}`,
    );
    await this.ddl(`CREATE TABLE IF NOT EXISTS ${keyspace}.schema_migrations (
      version int PRIMARY KEY,
      name text,
      owner uuid,
      claimed_at timestamp,
      applied_at timestamp
    )`);
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (await this.apply(migration)) applied.push(migration.version);
    }
    return applied;
  }

  /** True when this instance ran the migration; false when it was (or got) applied by another. */
  private async apply(migration: Migration): Promise<boolean> {
    const deadline = Date.now() + (this.options.timeoutMs ?? 120_000);
    while (Date.now() < deadline) {
      const state = await this.state(migration.version);
      if (state === 'applied') return false;
      if (state === 'unclaimed' && (await this.claim(migration))) {
        await this.run(migration);
        return true;
      }
      await sleep(250);
    }
    throw new Error(`timed out waiting for migration ${migration.version} (${migration.name})`);
  }

  private async state(version: number): Promise<'applied' | 'claimed' | 'unclaimed'> {
    const result = await this.client.execute(
      `SELECT applied_at FROM ${this.options.keyspace}.schema_migrations WHERE version = ?`,
      [version],
      serialReadOptions,
    );
    const row = result.first();
    if (!row) return 'unclaimed';
    return row.get('applied_at') ? 'applied' : 'claimed';
  }

  private async claim(migration: Migration): Promise<boolean> {
    const result = await this.client.execute(
      `INSERT INTO ${this.options.keyspace}.schema_migrations (version, name, owner, claimed_at)
       VALUES (?, ?, ?, toTimestamp(now())) IF NOT EXISTS USING TTL ${this.options.claimSeconds ?? 120}`,
      [migration.version, migration.name, this.owner],
      lwtOptions,
    );
    return result.wasApplied();
  }

  private async run(migration: Migration): Promise<void> {
    const { keyspace } = this.options;
    this.options.log?.(`applying migration ${migration.version} (${migration.name})`);
    for (const statement of migration.statements(keyspace)) await this.ddl(statement);
    // Written without a TTL, so the row outlives the claim's lease.
    const done = await this.client.execute(
      `UPDATE ${keyspace}.schema_migrations SET applied_at = toTimestamp(now()), name = ?
       WHERE version = ? IF owner = ?`,
      [migration.name, migration.version, this.owner],
      lwtOptions,
    );
    if (!done.wasApplied()) {
      throw new Error(`lost the claim on migration ${migration.version} before it finished`);
    }
  }

  private async ddl(statement: string): Promise<void> {
    await this.client.execute(statement);
    const deadline = Date.now() + 30_000;
    while (!(await schemaAgreed(this.client))) {
      if (Date.now() > deadline) throw new Error('schema agreement not reached within 30 s');
      await sleep(200);
    }
  }
}

/** The driver has this method, but its type declarations leave it out. */
function schemaAgreed(client: cassandra.Client): Promise<boolean> {
  const metadata = client.metadata as unknown as { checkSchemaAgreement(): Promise<boolean> };
  return metadata.checkSchemaAgreement();
}
