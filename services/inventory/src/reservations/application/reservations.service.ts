import type { LoggerService } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { OrderCancelled, OrderConfirmed, OrderPlaced } from '@shop/contracts';
import { causedBy } from '@shop/platform-messaging';
import { metrics } from '@shop/platform-telemetry';
import type { EventPublication } from '../../events/event-publication.service.js';
import type { PendingEvent } from '../../events/pending-event.js';
import type { StockWriter } from '../../stock/application/stock-writer.service.js';
import { InsufficientStockError, SkuNotFoundError } from '../../stock/domain/stock.errors.js';
import type { StockRepository } from '../../stock/infrastructure/stock.repository.js';
import {
  Reservation,
  type ReservationLine,
  type ReservationStep,
  type ShortLine,
} from '../domain/reservation.entity.js';
import {
  ReservationMismatchError,
  ReservationNotFoundError,
} from '../domain/reservation.errors.js';
import type { ExpiryIndexRepository } from '../infrastructure/expiry-index.repository.js';
import type {
  ReservationRecord,
  ReservationRepository,
} from '../infrastructure/reservation.repository.js';
import { reservationEvent } from './reservation-events.js';

export interface ReservationsOptions {
  ttlSeconds: number;
  /** Fault injection: SIGKILL after an outcome is written and before its event is published. */
  killBeforePublish?: boolean;
}

type LineOutcome =
  { kind: 'done' } | { kind: 'refused' } | { kind: 'short'; shortLines: ShortLine[] };

/** Attempts at a status change that keeps losing to concurrent writers of the same order. */
const MAX_TRANSITION_ATTEMPTS = 5;

const counter = (name: string, help: string, labels: string[] = []) =>
  metrics.counter(name, help, labels);

/**
 * The order flow's side of inventory. Every command loads the order's reservation, brings it to
 * rest step by step (each step a stock operation that is idempotent per order and SKU, then a
 * compare-and-set of the reservation row), and publishes the events the row holds. A redelivery,
 * a concurrent handler or a crash at any point resumes from the row and converges on one outcome.
 */
export class ReservationsService {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly expiry: ExpiryIndexRepository,
    private readonly writer: StockWriter,
    private readonly stock: StockRepository,
    private readonly publication: EventPublication,
    private readonly options: ReservationsOptions,
    private readonly logger: Pick<LoggerService, 'warn'>,
  ) {}

  /** `order.placed`: hold every line or none, then publish `stock.reserved` or `stock.reservation-failed`. */
  async place(event: OrderPlaced): Promise<ReservationRecord> {
    const { orderId } = event.data;
    const opened = Reservation.open({
      orderId,
      // The order names the hold (its check against forged stock.reserved); older ones do not.
      reservationId: event.data.reservationId ?? uuidv7(),
      lines: event.data.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      ttlSeconds: this.options.ttlSeconds,
      now: new Date(),
      cause: causedBy(event),
    });
    // Indexed before it exists: the sweeper must find every reservation, even one whose
    // handler dies halfway; it drops entries of reservations that never got written.
    await this.expiry.add({ orderId, expiresAt: opened.props.expiresAt });
    const settled = await this.settle(await this.openOrLoad(opened));
    if (this.options.killBeforePublish && settled.pendingEvents.length > 0) {
      process.kill(process.pid, 'SIGKILL');
    }
    await this.publish(settled);
    return settled;
  }

  /** `order.confirmed`: the hold becomes a sale, then `stock.committed`. */
  async confirm(event: OrderConfirmed): Promise<ReservationRecord> {
    const { orderId, reservationId } = event.data;
    const record = await this.load(orderId);
    if (!record) throw new ReservationNotFoundError(orderId);
    const settled = await this.transition(record, (reservation) => {
      const decision = reservation.commit(reservationId, causedBy(event), new Date());
      if (decision.kind === 'too-late') {
        // The order service learns it from stock.released and cancels: a race, not an error.
        counter(
          'inventory_late_confirmations_total',
          'Confirmations of holds already released.',
        ).inc();
        this.logger.warn({ message: `order ${orderId} confirmed after its hold was released` });
      }
      return decision.kind === 'start' ? decision.reservation : undefined;
    });
    await this.publish(settled);
    return settled;
  }

  /** `order.cancelled`: release what is held, restock what was sold. */
  async cancel(event: OrderCancelled): Promise<ReservationRecord> {
    const { orderId, reservationId } = event.data;
    let record = await this.load(orderId);
    if (!record) {
      // Cancelled before inventory saw it placed: a record at rest makes a late order.placed a no-op.
      const tombstone = Reservation.cancelledUnplaced({
        orderId,
        reservationId: reservationId ?? uuidv7(),
        now: new Date(),
        cause: causedBy(event),
      });
      if ((await this.reservations.create(tombstone)) === 'applied') {
        return { reservation: tombstone, version: 1, pendingEvents: [] };
      }
      record = await this.load(orderId);
      if (!record) throw new ReservationNotFoundError(orderId);
    }
    if (reservationId && reservationId !== record.reservation.props.reservationId) {
      throw new ReservationMismatchError(
        orderId,
        record.reservation.props.reservationId,
        reservationId,
      );
    }
    const settled = await this.transition(record, (reservation) => {
      const decision = reservation.cancel(causedBy(event), new Date());
      return decision.kind === 'start' ? decision.reservation : undefined;
    });
    await this.publish(settled);
    return settled;
  }

  /**
   * The sweeper's part: start releasing an expired hold (or abandoning a reservation that never
   * finished), or finish a phase whose handler died. Starting is a compare-and-set on the row's
   * version, so of several sweeping replicas exactly one wins; the others see it moving.
   */
  async sweep(
    record: ReservationRecord,
    action: 'expire' | 'abandon' | 'resume',
  ): Promise<ReservationRecord> {
    let current = record;
    if (action !== 'resume') {
      const now = new Date();
      const next =
        action === 'expire' ? current.reservation.expire(now) : current.reservation.abandon(now);
      const saved = await this.save(current, next);
      if (!saved.applied) return saved.record;
      current = saved.record;
      counter('inventory_reservations_expired_total', 'Holds released because they expired.').inc();
    }
    const settled = await this.settle(current);
    await this.publish(settled);
    return settled;
  }

  /** The reservation just created, or the one the order already had (a redelivery). */
  private async openOrLoad(opened: Reservation): Promise<ReservationRecord> {
    for (let attempt = 0; attempt < MAX_TRANSITION_ATTEMPTS; attempt++) {
      const created = await this.reservations.create(opened);
      if (created === 'applied') return { reservation: opened, version: 1, pendingEvents: [] };
      // Lost: it exists. Unknown: the SERIAL read tells whether our insert landed.
      const existing = await this.load(opened.orderId);
      if (existing) return existing;
    }
    throw new Error(`could not create the reservation of ${opened.orderId}`);
  }

  async load(orderId: string): Promise<ReservationRecord | undefined> {
    // SERIAL: the row is written only by lightweight transactions, some maybe half done.
    return this.reservations.find(orderId, { serial: true });
  }

  async publish(record: ReservationRecord): Promise<void> {
    if (record.pendingEvents.length === 0) return;
    await this.publication.publish(
      this.reservations,
      record.reservation.orderId,
      record.pendingEvents,
    );
  }

  /**
   * Brings the reservation to rest, then applies `decide`'s change and brings it to rest again.
   * A reservation still RESERVING is changed as it is: cancelling it must not first reserve it.
   */
  private async transition(
    record: ReservationRecord,
    decide: (reservation: Reservation) => Reservation | undefined,
  ): Promise<ReservationRecord> {
    let current = record;
    for (let attempt = 0; attempt < MAX_TRANSITION_ATTEMPTS; attempt++) {
      if (current.reservation.status !== 'RESERVING') current = await this.settle(current);
      const next = decide(current.reservation);
      if (!next) return current;
      const saved = await this.save(current, next);
      if (saved.applied) return this.settle(saved.record);
      current = saved.record;
    }
    throw new Error(`reservation of ${record.reservation.orderId} kept changing under us`);
  }

  /** Runs the reservation's steps until it is at rest. */
  private async settle(record: ReservationRecord): Promise<ReservationRecord> {
    let current = record;
    // Each line takes one step per phase; a lost race costs a reload. Bounded either way.
    const maxSteps = 4 * (current.reservation.props.lines.length + 2);
    for (let i = 0; i < maxSteps; i++) {
      const step = current.reservation.nextStep();
      if (step.kind === 'none') return current;
      const next = await this.nextState(current.reservation, step);
      current = next ? (await this.save(current, next)).record : await this.reload(current);
    }
    throw new Error(`reservation of ${record.reservation.orderId} did not settle`);
  }

  /** The reservation after `step`, or undefined when another handler moved it on (reload). */
  private async nextState(
    reservation: Reservation,
    step: Exclude<ReservationStep, { kind: 'none' }>,
  ): Promise<Reservation | undefined> {
    const now = new Date();
    if (step.kind === 'complete') return reservation.complete(now);
    const outcome = await this.applyLine(reservation, step);
    if (outcome.kind === 'refused') return undefined;
    if (outcome.kind === 'short') return reservation.fail(outcome.shortLines, now);
    const applied = reservation.lineApplied(step.line.sku, now);
    if (applied.nextStep().kind !== 'complete') return applied;
    // The last line and the phase's end in one write.
    return applied.complete(now);
  }

  private async applyLine(
    reservation: Reservation,
    step: Extract<ReservationStep, { kind: 'stock' }>,
  ): Promise<LineOutcome> {
    try {
      const result = await this.writer.applyHold({
        sku: step.line.sku,
        holdId: reservation.orderId,
        operation: step.operation,
        quantity: step.line.quantity,
        reason: step.reason,
      });
      return result === 'refused' ? { kind: 'refused' } : { kind: 'done' };
    } catch (error) {
      const short = error instanceof InsufficientStockError || error instanceof SkuNotFoundError;
      if (short && step.operation === 'reserve') {
        return { kind: 'short', shortLines: await this.shortLines(reservation, step.line, error) };
      }
      // Nothing can be held on a SKU that has no stock row.
      if (error instanceof SkuNotFoundError && step.operation === 'release')
        return { kind: 'done' };
      throw error;
    }
  }

  /** The line that failed, and every later line that would fail too (a snapshot, for the customer). */
  private async shortLines(
    reservation: Reservation,
    failed: ReservationLine,
    error: InsufficientStockError | SkuNotFoundError,
  ): Promise<ShortLine[]> {
    const available = error instanceof InsufficientStockError ? error.available : 0;
    const lines = reservation.props.lines;
    const later = lines.slice(lines.findIndex((line) => line.sku === failed.sku) + 1);
    const levels = await this.stock.availability(later.map((line) => line.sku));
    return [
      { sku: failed.sku, requested: failed.quantity, available },
      ...later
        .map((line) => ({
          sku: line.sku,
          requested: line.quantity,
          available: levels.get(line.sku) ?? 0,
        }))
        .filter((line) => line.available < line.requested),
    ];
  }

  /**
   * Writes `next` if the row is still as read; the event `next` reports is stored with it
   * (its relay pointer first). On a lost race or a timeout, the row as it now is.
   */
  private async save(
    current: ReservationRecord,
    next: Reservation,
  ): Promise<{ applied: boolean; record: ReservationRecord }> {
    const outgoing = next.isAtRest ? reservationEvent(next) : undefined;
    let event: PendingEvent | undefined;
    if (outgoing) {
      event = await this.publication.prepare(
        this.reservations,
        next.orderId,
        outgoing.definition,
        outgoing.envelope,
      );
    }
    const result = await this.reservations.save(current, next, event);
    if (result === 'applied') {
      if (next.status === 'RESERVED' || next.status === 'FAILED') {
        counter('inventory_reservations_total', 'Reservations by outcome.', ['outcome']).inc({
          outcome: next.status.toLowerCase(),
        });
      }
      const pendingEvents = event ? [...current.pendingEvents, event] : current.pendingEvents;
      return {
        applied: true,
        record: { reservation: next, version: current.version + 1, pendingEvents },
      };
    }
    // Lost, or timed out: the SERIAL read shows whether our version landed, and what to do next.
    const record = await this.reload(current);
    return { applied: result === 'unknown' && isOurs(record, current, next), record };
  }

  private async reload(current: ReservationRecord): Promise<ReservationRecord> {
    const record = await this.load(current.reservation.orderId);
    if (!record) throw new ReservationNotFoundError(current.reservation.orderId);
    return record;
  }
}

/** Whether the row now holds the version `next` was written as (a timed-out write that landed). */
function isOurs(record: ReservationRecord, before: ReservationRecord, next: Reservation): boolean {
  const now = record.reservation.props;
  return (
    record.version === before.version + 1 &&
    now.status === next.status &&
    now.touchedAt.getTime() === next.props.touchedAt.getTime() &&
    now.applied.size === next.props.applied.size
  );
}
