import cassandra from 'cassandra-driver';
import type { CassandraSession } from '../../database/cassandra.session.js';
import {
  compareAndSet,
  lwtOptions,
  readOptions,
  serialReadOptions,
  type CasResult,
} from '../../database/lwt.js';
import {
  pendingEventsOf,
  type PendingEvent,
  type PendingEventSource,
} from '../../events/pending-event.js';
import type { Movement } from '../domain/movement.entity.js';
import type { Hold, HoldState, StockLevel } from '../domain/stock.entity.js';
import { decodeMovement, encodeMovement } from './movement.codec.js';

/** A SKU's stock row: its level, the movement that produced it, and its unpublished events. */
export interface StockRecord {
  readonly level: StockLevel;
  readonly lastMovement?: Movement;
  readonly pendingEvents: PendingEvent[];
}

export interface HoldSnapshot {
  readonly record: StockRecord;
  readonly hold?: Hold;
}

const levelColumns = 'sku, available, reserved, committed, version, last_movement, pending_events';

/**
 * The `stock` table. Every write is a lightweight transaction: the level only changes with
 * `IF version = ?`, and a hold only together with it, in one conditional batch on the SKU's
 * partition. No counters, no plain writes.
 */
export class StockRepository implements PendingEventSource {
  readonly name = 'stock';
  private readonly table: string;

  constructor(private readonly session: CassandraSession) {
    this.table = session.table('stock');
  }

  /** Creates the row at zero if the SKU has none; true when this call created it. */
  async ensure(sku: string, now = new Date()): Promise<boolean> {
    const result = await this.session.client.execute(
      `INSERT INTO ${this.table} (sku, available, reserved, committed, version, created_at, updated_at)
       VALUES (?, 0, 0, 0, 0, ?, ?) IF NOT EXISTS`,
      [sku, now, now],
      lwtOptions,
    );
    return result.wasApplied();
  }

  async find(sku: string, options: { serial?: boolean } = {}): Promise<StockRecord | undefined> {
    // DISTINCT reads the partition's static row only, however many holds the SKU has.
    const result = await this.session.client.execute(
      `SELECT DISTINCT ${levelColumns} FROM ${this.table} WHERE sku = ?`,
      [sku],
      options.serial ? serialReadOptions : readOptions,
    );
    const row = result.first();
    return row && row.get('version') !== null ? toRecord(row) : undefined;
  }

  /** The level and one order's hold, read together. */
  async findWithHold(
    sku: string,
    holdId: string,
    options: { serial?: boolean } = {},
  ): Promise<HoldSnapshot | undefined> {
    const [record, hold] = await Promise.all([
      this.find(sku, options),
      this.findHold(sku, holdId, options),
    ]);
    return record && { record, hold };
  }

  async findHold(
    sku: string,
    holdId: string,
    options: { serial?: boolean } = {},
  ): Promise<Hold | undefined> {
    const result = await this.session.client.execute(
      `SELECT hold_state, hold_quantity FROM ${this.table} WHERE sku = ? AND hold_id = ?`,
      [sku, holdId],
      options.serial ? serialReadOptions : readOptions,
    );
    const row = result.first();
    if (!row?.get('hold_state')) return undefined;
    return {
      state: row.get('hold_state') as HoldState,
      quantity: row.get('hold_quantity') as number,
    };
  }

  /**
   * Available units of many SKUs, for the storefront. A possibly stale read (LOCAL_ONE): it
   * informs a customer, it never decides a reservation.
   */
  async availability(skus: readonly string[]): Promise<Map<string, number>> {
    const found = await Promise.all(
      skus.map(async (sku) => {
        const result = await this.session.client.execute(
          `SELECT DISTINCT sku, available FROM ${this.table} WHERE sku = ?`,
          [sku],
          { prepare: true, consistency: cassandra.types.consistencies.localOne },
        );
        const available = result.first()?.get('available') as number | null | undefined;
        return [sku, available ?? undefined] as const;
      }),
    );
    return new Map(found.filter((entry): entry is [string, number] => entry[1] !== undefined));
  }

  /** Moves the level from `expected` to `next` and the hold to `hold`, both or neither. */
  writeHold(
    expected: StockLevel,
    next: StockLevel,
    movement: Movement,
    holdId: string,
    hold: Hold,
    previous: HoldState | undefined,
    now = new Date(),
  ): Promise<CasResult> {
    const holdStatement =
      previous === undefined
        ? {
            query: `INSERT INTO ${this.table} (sku, hold_id, hold_state, hold_quantity, hold_updated_at)
                    VALUES (?, ?, ?, ?, ?) IF NOT EXISTS`,
            params: [next.sku, holdId, hold.state, hold.quantity, now],
          }
        : {
            query: `UPDATE ${this.table} SET hold_state = ?, hold_updated_at = ?
                    WHERE sku = ? AND hold_id = ? IF hold_state = ?`,
            params: [hold.state, now, next.sku, holdId, previous],
          };
    return compareAndSet(() =>
      this.session.client.batch(
        [this.levelStatement(expected, next, movement, now), holdStatement],
        {
          ...lwtOptions,
          logged: false,
        },
      ),
    );
  }

  /** Records a release of a hold that never existed, so that a late reserve of it is refused. */
  fenceHold(sku: string, holdId: string, hold: Hold, now = new Date()): Promise<CasResult> {
    return compareAndSet(() =>
      this.session.client.execute(
        `INSERT INTO ${this.table} (sku, hold_id, hold_state, hold_quantity, hold_updated_at)
         VALUES (?, ?, ?, ?, ?) IF NOT EXISTS`,
        [sku, holdId, hold.state, hold.quantity, now],
        lwtOptions,
      ),
    );
  }

  /** Moves the level from `expected` to `next`, recording `event` as unpublished. */
  writeLevel(
    expected: StockLevel,
    next: StockLevel,
    movement: Movement,
    event: PendingEvent,
    now = new Date(),
  ): Promise<CasResult> {
    return compareAndSet(() =>
      this.session.client.execute(
        `UPDATE ${this.table} SET available = ?, reserved = ?, committed = ?, version = ?,
         last_movement = ?, updated_at = ?, pending_events = pending_events + ?
         WHERE sku = ? IF version = ?`,
        [
          next.available,
          next.reserved,
          next.committed,
          next.version,
          encodeMovement(movement),
          now,
          { [event.id]: event.json },
          next.sku,
          expected.version,
        ],
        lwtOptions,
      ),
    );
  }

  async pendingEvents(sku: string): Promise<PendingEvent[]> {
    return (await this.find(sku, { serial: true }))?.pendingEvents ?? [];
  }

  async markPublished(sku: string, eventId: string): Promise<void> {
    // A lightweight transaction too: mixing plain writes with Paxos on one row lets clock skew
    // reorder them. Removing a map key never conflicts, so no version condition.
    await this.session.client.execute(
      `UPDATE ${this.table} SET pending_events = pending_events - ? WHERE sku = ? IF EXISTS`,
      [[eventId], sku],
      lwtOptions,
    );
  }

  private levelStatement(expected: StockLevel, next: StockLevel, movement: Movement, now: Date) {
    return {
      query: `UPDATE ${this.table} SET available = ?, reserved = ?, committed = ?, version = ?,
              last_movement = ?, updated_at = ? WHERE sku = ? IF version = ?`,
      params: [
        next.available,
        next.reserved,
        next.committed,
        next.version,
        encodeMovement(movement),
        now,
        next.sku,
        expected.version,
      ] as unknown[],
    };
  }
}

function toRecord(row: cassandra.types.Row): StockRecord {
  return {
    level: {
      sku: row.get('sku') as string,
      available: row.get('available') as number,
      reserved: row.get('reserved') as number,
      committed: row.get('committed') as number,
      version: row.get('version') as number,
    },
    lastMovement: decodeMovement(row.get('last_movement') as string | null),
    pendingEvents: pendingEventsOf(row.get('pending_events') as Record<string, string> | null),
  };
}
