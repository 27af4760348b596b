import type { HoldOperation } from '../../stock/domain/stock.entity.js';
import {
  InvalidReservationLinesError,
  InvalidReservationTransitionError,
  ReservationMismatchError,
} from './reservation.errors.js';

/**
 * A reservation moves through phases. Each `-ING` phase applies one stock operation to every
 * line, in SKU order, and then completes into the status after it:
 *
 * ```
 * RESERVING ─all held──▶ RESERVED ─confirm─▶ COMMITTING ─▶ COMMITTED ─cancel─▶ RESTOCKING ─▶ RESTOCKED
 *     │                      └─cancel/expire─▶ RELEASING ─▶ RELEASED
 *     ├─a line is short─▶ FAILING (release every line) ─▶ FAILED
 *     └─cancel / abandoned─▶ RELEASING
 * (no reservation) ─cancel─▶ CANCELLED   (so that a late order.placed reserves nothing)
 * ```
 */
export type ReservationStatus =
  | 'RESERVING'
  | 'RESERVED'
  | 'FAILING'
  | 'FAILED'
  | 'COMMITTING'
  | 'COMMITTED'
  | 'RELEASING'
  | 'RELEASED'
  | 'RESTOCKING'
  | 'RESTOCKED'
  | 'CANCELLED';

type Phase = 'RESERVING' | 'FAILING' | 'COMMITTING' | 'RELEASING' | 'RESTOCKING';

const phases: Record<Phase, { operation: HoldOperation; completes: ReservationStatus }> = {
  RESERVING: { operation: 'reserve', completes: 'RESERVED' },
  // Every line, not just those known to be held: a concurrent or crashed handler may have a
  // reserve in flight, and releasing an absent hold fences it off.
  FAILING: { operation: 'release', completes: 'FAILED' },
  COMMITTING: { operation: 'commit', completes: 'COMMITTED' },
  RELEASING: { operation: 'release', completes: 'RELEASED' },
  RESTOCKING: { operation: 'restock', completes: 'RESTOCKED' },
};

function isPhase(status: ReservationStatus): status is Phase {
  return status in phases;
}

export type ReleaseReason = 'expired' | 'cancelled';

export interface ReservationLine {
  readonly sku: string;
  readonly quantity: number;
}

/** A line that could not be held: what was asked and what there was. */
export interface ShortLine {
  readonly sku: string;
  readonly requested: number;
  readonly available: number;
}

export interface ReservationProps {
  readonly orderId: string;
  readonly reservationId: string;
  readonly status: ReservationStatus;
  /** Sorted by SKU: every handler takes the SKUs in the same order. */
  readonly lines: readonly ReservationLine[];
  /** SKUs whose operation of the current phase has landed; emptied when a phase starts. */
  readonly applied: ReadonlySet<string>;
  readonly shortLines: readonly ShortLine[];
  readonly releaseReason?: ReleaseReason;
  readonly expiresAt: Date;
  readonly createdAt: Date;
  /** Last change of any kind: a phase untouched for a lease is taken over by the sweeper. */
  readonly touchedAt: Date;
  readonly correlationId: string;
  /** The event that started the current phase, for the causation of the event it ends with. */
  readonly causationId: string;
}

/** What to do next to bring the reservation to rest. */
export type ReservationStep =
  | { kind: 'stock'; operation: HoldOperation; line: ReservationLine; reason: string }
  | { kind: 'complete'; status: ReservationStatus }
  | { kind: 'none' };

/** What the expiry sweeper does with a reservation whose expiry has passed. */
export type SweepAction =
  /** Held and not confirmed in time: release it. */
  | 'expire'
  /** A phase nobody has advanced for a lease (its handler died): finish it. */
  | 'resume'
  /** Still reserving long after it should have expired: give every line back. */
  | 'abandon'
  /** At rest: drop it from the expiry index. */
  | 'forget'
  /** Someone is working on it: look again later. */
  | 'wait';

export type CommitDecision =
  | { kind: 'start'; reservation: Reservation }
  | { kind: 'already' }
  /** Released (expired or cancelled) before the confirmation arrived. */
  | { kind: 'too-late' };

export type CancelDecision = { kind: 'start'; reservation: Reservation } | { kind: 'nothing' };

interface Cause {
  correlationId: string;
  causationId: string;
}

/** The reservation of one order: all of its lines or none, then committed or given back. */
export class Reservation {
  private constructor(readonly props: ReservationProps) {}

  static restore(props: ReservationProps): Reservation {
    return new Reservation(props);
  }

  /** A new reservation of `lines`, holding them until `ttlSeconds` from now. */
  static open(input: {
    orderId: string;
    reservationId: string;
    lines: readonly ReservationLine[];
    ttlSeconds: number;
    now: Date;
    cause: Cause;
  }): Reservation {
    const { orderId, lines, now } = input;
    if (lines.length === 0) throw new InvalidReservationLinesError(orderId, 'it has no lines');
    if (new Set(lines.map((line) => line.sku)).size !== lines.length) {
      throw new InvalidReservationLinesError(orderId, 'a SKU appears twice');
    }
    if (lines.some((line) => !Number.isInteger(line.quantity) || line.quantity < 1)) {
      throw new InvalidReservationLinesError(orderId, 'every quantity must be a positive integer');
    }
    return new Reservation({
      orderId,
      reservationId: input.reservationId,
      status: 'RESERVING',
      lines: [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
      applied: new Set(),
      shortLines: [],
      expiresAt: new Date(now.getTime() + input.ttlSeconds * 1000),
      createdAt: now,
      touchedAt: now,
      ...input.cause,
    });
  }

  /** The record of an order cancelled before inventory saw it placed: it will reserve nothing. */
  static cancelledUnplaced(input: {
    orderId: string;
    reservationId: string;
    now: Date;
    cause: Cause;
  }): Reservation {
    return new Reservation({
      orderId: input.orderId,
      reservationId: input.reservationId,
      status: 'CANCELLED',
      lines: [],
      applied: new Set(),
      shortLines: [],
      expiresAt: input.now,
      createdAt: input.now,
      touchedAt: input.now,
      ...input.cause,
    });
  }

  get orderId(): string {
    return this.props.orderId;
  }

  get status(): ReservationStatus {
    return this.props.status;
  }

  get isAtRest(): boolean {
    return !isPhase(this.props.status);
  }

  nextStep(): ReservationStep {
    const { status, lines, applied } = this.props;
    if (!isPhase(status)) return { kind: 'none' };
    const line = lines.find((candidate) => !applied.has(candidate.sku));
    if (!line) return { kind: 'complete', status: phases[status].completes };
    return { kind: 'stock', operation: phases[status].operation, line, reason: this.reason() };
  }

  /** The current step's stock operation landed for `sku`. */
  lineApplied(sku: string, now: Date): Reservation {
    const step = this.nextStep();
    if (step.kind !== 'stock' || step.line.sku !== sku) {
      throw new InvalidReservationTransitionError(this.orderId, this.status, `apply ${sku}`);
    }
    return this.with({ applied: new Set([...this.props.applied, sku]) }, now);
  }

  /** Ends the current phase once every line is applied. */
  complete(now: Date): Reservation {
    const step = this.nextStep();
    if (step.kind !== 'complete') {
      throw new InvalidReservationTransitionError(this.orderId, this.status, 'complete');
    }
    // `applied` stays: at rest it shows which lines the last phase went through.
    return this.with({ status: step.status }, now);
  }

  /** A line is short: the reservation fails, and every line is given back. */
  fail(shortLines: readonly ShortLine[], now: Date): Reservation {
    this.expect(['RESERVING'], 'fail');
    if (shortLines.length === 0) {
      throw new InvalidReservationTransitionError(
        this.orderId,
        this.status,
        'fail without a short line',
      );
    }
    return this.enter('FAILING', now, { shortLines });
  }

  /** The order was paid for: turn the hold into a sale. */
  commit(reservationId: string, cause: Cause, now: Date): CommitDecision {
    this.expectReservation(reservationId);
    switch (this.status) {
      case 'RESERVED':
        return { kind: 'start', reservation: this.enter('COMMITTING', now, cause) };
      case 'COMMITTED':
      case 'RESTOCKING':
      case 'RESTOCKED':
        return { kind: 'already' };
      case 'RELEASED':
        return { kind: 'too-late' };
      default:
        throw new InvalidReservationTransitionError(this.orderId, this.status, 'commit');
    }
  }

  /** The order was called off: give back what is held, restock what was sold. */
  cancel(cause: Cause, now: Date): CancelDecision {
    switch (this.status) {
      case 'RESERVED':
      case 'RESERVING':
        return {
          kind: 'start',
          reservation: this.enter('RELEASING', now, { ...cause, releaseReason: 'cancelled' }),
        };
      case 'COMMITTED':
        return { kind: 'start', reservation: this.enter('RESTOCKING', now, cause) };
      case 'FAILED':
      case 'RELEASED':
      case 'RESTOCKED':
      case 'CANCELLED':
        return { kind: 'nothing' };
      default:
        // A phase in progress is finished first; the caller then cancels what it became.
        throw new InvalidReservationTransitionError(this.orderId, this.status, 'cancel');
    }
  }

  /** The hold outlived its expiry without a confirmation. */
  expire(now: Date): Reservation {
    this.expect(['RESERVED'], 'expire');
    if (this.props.expiresAt > now) {
      throw new InvalidReservationTransitionError(this.orderId, this.status, 'expire early');
    }
    return this.enter('RELEASING', now, { releaseReason: 'expired' });
  }

  /** Reserving never finished (its event was dead-lettered): release and fence every line. */
  abandon(now: Date): Reservation {
    this.expect(['RESERVING'], 'abandon');
    return this.enter('RELEASING', now, { releaseReason: 'expired' });
  }

  /** The sweeper's choice for a reservation found in an expiry bucket that is due. */
  sweepAction(now: Date, leaseMs: number): SweepAction {
    const { status, expiresAt, touchedAt } = this.props;
    const stale = touchedAt.getTime() + leaseMs <= now.getTime();
    const due = expiresAt.getTime() <= now.getTime();
    switch (status) {
      case 'RESERVED':
        return due ? 'expire' : 'wait';
      case 'RESERVING':
        return due && stale ? 'abandon' : 'wait';
      case 'FAILING':
      case 'COMMITTING':
      case 'RELEASING':
      case 'RESTOCKING':
        return stale ? 'resume' : 'wait';
      default:
        return 'forget';
    }
  }

  private reason(): string {
    switch (this.status) {
      case 'RESERVING':
        return 'order-placed';
      case 'FAILING':
        return 'reservation-failed';
      case 'COMMITTING':
        return 'order-confirmed';
      case 'RELEASING':
        return this.props.releaseReason ?? 'cancelled';
      default:
        return 'order-cancelled';
    }
  }

  private expect(statuses: ReservationStatus[], action: string): void {
    if (!statuses.includes(this.status)) {
      throw new InvalidReservationTransitionError(this.orderId, this.status, action);
    }
  }

  private expectReservation(reservationId: string): void {
    if (reservationId !== this.props.reservationId) {
      throw new ReservationMismatchError(this.orderId, this.props.reservationId, reservationId);
    }
  }

  private enter(
    status: ReservationStatus,
    now: Date,
    changes: Partial<ReservationProps> = {},
  ): Reservation {
    return this.with({ ...changes, status, applied: new Set() }, now);
  }

  private with(changes: Partial<ReservationProps>, now: Date): Reservation {
    return new Reservation({ ...this.props, ...changes, touchedAt: now });
  }
}
