import type { CassandraSession } from '../database/cassandra.session.js';
import { lwtOptions, readOptions } from '../database/lwt.js';

/**
 * How far a bucket scan (the expiry sweeper, the event relay) has settled, shared by every
 * replica. It only moves forward: `IF bucket < ?` refuses a replica that is behind.
 */
export class ScanCursorRepository {
  constructor(private readonly session: CassandraSession) {}

  async load(name: string): Promise<Date | undefined> {
    const result = await this.session.client.execute(
      `SELECT bucket FROM ${this.session.table('scan_cursors')} WHERE name = ?`,
      [name],
      readOptions,
    );
    return result.first()?.get('bucket') as Date | undefined;
  }

  async advance(name: string, to: Date): Promise<void> {
    const table = this.session.table('scan_cursors');
    const moved = await this.session.client.execute(
      `UPDATE ${table} SET bucket = ? WHERE name = ? IF bucket < ?`,
      [to, name, to],
      lwtOptions,
    );
    if (moved.wasApplied() || moved.first()?.get('bucket')) return;
    await this.session.client.execute(
      `INSERT INTO ${table} (name, bucket) VALUES (?, ?) IF NOT EXISTS`,
      [name, to],
      lwtOptions,
    );
  }
}
