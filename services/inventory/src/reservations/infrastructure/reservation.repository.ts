import type cassandra from 'cassandra-driver';
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
import {
  Reservation,
  type ReleaseReason,
  type ReservationLine,
  type ReservationStatus,
  type ShortLine,
} from '../domain/reservation.entity.js';

/** A reservation as stored: the aggregate, its row version and its unpublished events. */
export interface ReservationRecord {
  readonly reservation: Reservation;
  readonly version: number;
  readonly pendingEvents: PendingEvent[];
}

/**
 * The `reservations` table, one row per order. Every write is a lightweight transaction: created
 * with `IF NOT EXISTS`, changed with `IF version = ?`, so two handlers of one order never
 * overwrite each other's progress.
 */
export class ReservationRepository implements PendingEventSource {
  readonly name = 'reservation';
  private readonly table: string;

  constructor(private readonly session: CassandraSession) {
    this.table = session.table('reservations');
  }

  /** `lost` means the order already has a reservation. */
  create(reservation: Reservation, event?: PendingEvent): Promise<CasResult> {
    const p = reservation.props;
    return compareAndSet(() =>
      this.session.client.execute(
        `INSERT INTO ${this.table} (order_id, reservation_id, status, lines, applied, short_lines,
           release_reason, expires_at, created_at, touched_at, correlation_id, causation_id,
           pending_events, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) IF NOT EXISTS`,
        [
          p.orderId,
          p.reservationId,
          p.status,
          JSON.stringify(p.lines),
          [...p.applied],
          JSON.stringify(p.shortLines),
          // Undefined is sent as unset: no tombstone for a column that has no value.
          p.releaseReason,
          p.expiresAt,
          p.createdAt,
          p.touchedAt,
          p.correlationId,
          p.causationId,
          event ? { [event.id]: event.json } : undefined,
        ],
        lwtOptions,
      ),
    );
  }

  async find(
    orderId: string,
    options: { serial?: boolean } = {},
  ): Promise<ReservationRecord | undefined> {
    const result = await this.session.client.execute(
      `SELECT * FROM ${this.table} WHERE order_id = ?`,
      [orderId],
      options.serial ? serialReadOptions : readOptions,
    );
    const row = result.first();
    return row ? toRecord(row) : undefined;
  }

  /** Replaces the mutable state if nobody changed the row since `record` was read. */
  save(record: ReservationRecord, next: Reservation, event?: PendingEvent): Promise<CasResult> {
    const p = next.props;
    const addEvent = event ? ', pending_events = pending_events + ?' : '';
    return compareAndSet(() =>
      this.session.client.execute(
        `UPDATE ${this.table} SET status = ?, applied = ?, short_lines = ?, release_reason = ?,
           touched_at = ?, causation_id = ?, version = ?${addEvent}
         WHERE order_id = ? IF version = ?`,
        [
          p.status,
          [...p.applied],
          JSON.stringify(p.shortLines),
          p.releaseReason,
          p.touchedAt,
          p.causationId,
          record.version + 1,
          ...(event ? [{ [event.id]: event.json }] : []),
          p.orderId,
          record.version,
        ],
        lwtOptions,
      ),
    );
  }

  async pendingEvents(orderId: string): Promise<PendingEvent[]> {
    return (await this.find(orderId, { serial: true }))?.pendingEvents ?? [];
  }

  async markPublished(orderId: string, eventId: string): Promise<void> {
    await this.session.client.execute(
      `UPDATE ${this.table} SET pending_events = pending_events - ? WHERE order_id = ? IF EXISTS`,
      [[eventId], orderId],
      lwtOptions,
    );
  }
}

function toRecord(row: cassandra.types.Row): ReservationRecord {
  const reservation = Reservation.restore({
    orderId: String(row.get('order_id')),
    reservationId: String(row.get('reservation_id')),
    status: row.get('status') as ReservationStatus,
    lines: JSON.parse(row.get('lines') as string) as ReservationLine[],
    applied: new Set((row.get('applied') as string[] | null) ?? []),
    shortLines: JSON.parse((row.get('short_lines') as string | null) ?? '[]') as ShortLine[],
    releaseReason: (row.get('release_reason') as ReleaseReason | null) ?? undefined,
    expiresAt: row.get('expires_at') as Date,
    createdAt: row.get('created_at') as Date,
    touchedAt: row.get('touched_at') as Date,
    correlationId: row.get('correlation_id') as string,
    causationId: row.get('causation_id') as string,
  });
  return {
    reservation,
    version: row.get('version') as number,
    pendingEvents: pendingEventsOf(row.get('pending_events') as Record<string, string> | null),
  };
}
