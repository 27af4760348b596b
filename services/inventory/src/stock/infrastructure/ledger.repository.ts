import type cassandra from 'cassandra-driver';
import type { CassandraSession } from '../../database/cassandra.session.js';
import { readOptions, writeOptions } from '../../database/lwt.js';
import { utcDay } from '../../background/time-buckets.js';
import type { Movement, MovementKind } from '../domain/movement.entity.js';

/** Where a ledger page starts: strictly before this movement. */
export interface LedgerPosition {
  day: string;
  version: number;
}

export interface LedgerPage {
  items: Movement[];
  next?: LedgerPosition;
}

/** Remembers the last few thousand keys, so a process does not write the same projection twice. */
class RecentKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(key: string): boolean {
    return this.keys.has(key);
  }
  add(key: string): void {
    this.keys.add(key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value as string);
  }
}

/**
 * The movement ledger, partitioned by (SKU, UTC day), one row per stock version. It is a
 * projection of the movements the stock rows carry: each compare-and-set stores its movement on
 * the row, and whoever changes the row next first writes that movement here. So every version
 * below the current one is in the ledger, and the current one is on the row. Writes are plain
 * and idempotent (same key, same values).
 */
export class LedgerRepository {
  private readonly recent = new RecentKeys(10_000);

  constructor(private readonly session: CassandraSession) {}

  async project(movement: Movement): Promise<void> {
    const key = `${movement.sku}@${movement.version}`;
    if (this.recent.has(key)) return;
    const day = utcDay(movement.at);
    await Promise.all([
      this.session.client.execute(
        `INSERT INTO ${this.session.table('movement_days')} (sku, day) VALUES (?, ?)`,
        [movement.sku, day],
        writeOptions,
      ),
      this.session.client.execute(
        `INSERT INTO ${this.session.table('movements')} (sku, day, version, movement_id, kind,
           delta_available, delta_reserved, delta_committed, available, reserved, committed,
           reference, reason, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          movement.sku,
          day,
          movement.version,
          movement.id,
          movement.kind,
          movement.delta.available,
          movement.delta.reserved,
          movement.delta.committed,
          movement.after.available,
          movement.after.reserved,
          movement.after.committed,
          movement.reference,
          movement.reason,
          movement.at,
        ],
        writeOptions,
      ),
    ]);
    this.recent.add(key);
  }

  /** The id of the movement that produced `version`, if the ledger has it. */
  async movementIdAt(sku: string, at: Date, version: number): Promise<string | undefined> {
    const result = await this.session.client.execute(
      `SELECT movement_id FROM ${this.session.table('movements')}
       WHERE sku = ? AND day = ? AND version = ?`,
      [sku, utcDay(at), version],
      readOptions,
    );
    const id = result.first()?.get('movement_id') as cassandra.types.Uuid | undefined;
    return id?.toString();
  }

  /** Newest first, `limit` movements from `after` (exclusive) on. */
  async page(sku: string, limit: number, after?: LedgerPosition): Promise<LedgerPage> {
    const days = await this.session.client.execute(
      `SELECT day FROM ${this.session.table('movement_days')} WHERE sku = ?${after ? ' AND day <= ?' : ''}`,
      after ? [sku, after.day] : [sku],
      { ...readOptions, fetchSize: 100 },
    );
    const items: Movement[] = [];
    // One beyond the page tells whether there is a next page.
    for await (const dayRow of days) {
      const day = dayRow.get('day') as string;
      const before = after?.day === day ? after.version : undefined;
      const rows = await this.session.client.execute(
        `SELECT * FROM ${this.session.table('movements')} WHERE sku = ? AND day = ?${
          before === undefined ? '' : ' AND version < ?'
        } LIMIT ?`,
        before === undefined
          ? [sku, day, limit + 1 - items.length]
          : [sku, day, before, limit + 1 - items.length],
        readOptions,
      );
      items.push(...rows.rows.map(toMovement));
      if (items.length > limit) break;
    }
    if (items.length <= limit) return { items };
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, next: { day: utcDay(last.at), version: last.version } };
  }
}

function toMovement(row: cassandra.types.Row): Movement {
  return {
    id: String(row.get('movement_id')),
    sku: row.get('sku') as string,
    version: row.get('version') as number,
    kind: row.get('kind') as MovementKind,
    delta: {
      available: row.get('delta_available') as number,
      reserved: row.get('delta_reserved') as number,
      committed: row.get('delta_committed') as number,
    },
    after: {
      available: row.get('available') as number,
      reserved: row.get('reserved') as number,
      committed: row.get('committed') as number,
    },
    reference: row.get('reference') as string,
    reason: row.get('reason') as string,
    at: row.get('at') as Date,
  };
}
