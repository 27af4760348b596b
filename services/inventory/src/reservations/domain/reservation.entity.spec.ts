import { describe, expect, it } from 'vitest';
import { Reservation, type ReservationStatus } from './reservation.entity.js';
import {
  InvalidReservationLinesError,
  InvalidReservationTransitionError,
  ReservationMismatchError,
} from './reservation.errors.js';

const t0 = new Date('2026-11-22T10:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const cause = { correlationId: 'c-1', causationId: 'e-1' };

function open(
  lines = [
    { sku: 'TEA-2', quantity: 1 },
    { sku: 'MUG-1', quantity: 2 },
  ],
): Reservation {
  return Reservation.open({
    orderId: 'o-1',
    reservationId: 'r-1',
    lines,
    ttlSeconds: 900,
    now: t0,
    cause,
  });
}

/** Applies every step of the current phase, as the service does, and completes it. */
function runPhase(reservation: Reservation): Reservation {
  let current = reservation;
  for (let step = current.nextStep(); step.kind === 'stock'; step = current.nextStep()) {
    current = current.lineApplied(step.line.sku, t0);
  }
  return current.complete(t0);
}

function inStatus(status: ReservationStatus): Reservation {
  return Reservation.restore({ ...open().props, status, applied: new Set() });
}

describe('Reservation: all or nothing', () => {
  it('takes the lines in SKU order, so concurrent orders lock SKUs in one order', () => {
    const reservation = open();
    expect(reservation.nextStep()).toEqual({
      kind: 'stock',
      operation: 'reserve',
      line: { sku: 'MUG-1', quantity: 2 },
      reason: 'order-placed',
    });
    const next = reservation.lineApplied('MUG-1', at(1));
    expect(next.nextStep()).toMatchObject({ operation: 'reserve', line: { sku: 'TEA-2' } });
    expect(runPhase(reservation).status).toBe('RESERVED');
  });

  it('resumes where it stopped: applied lines are not reserved again', () => {
    const resumed = Reservation.restore({ ...open().props, applied: new Set(['MUG-1']) });
    expect(resumed.nextStep()).toMatchObject({ line: { sku: 'TEA-2' } });
  });

  it('on a short line, gives back every line, held or not, then fails with the short lines', () => {
    const halfway = open().lineApplied('MUG-1', at(1));
    const failing = halfway.fail([{ sku: 'TEA-2', requested: 1, available: 0 }], at(2));
    expect(failing.status).toBe('FAILING');
    const released: string[] = [];
    let current = failing;
    for (let step = current.nextStep(); step.kind === 'stock'; step = current.nextStep()) {
      expect(step).toMatchObject({ operation: 'release', reason: 'reservation-failed' });
      released.push(step.line.sku);
      current = current.lineApplied(step.line.sku, at(3));
    }
    // TEA-2 was never held: releasing it anyway fences off a reserve still in flight.
    expect(released).toEqual(['MUG-1', 'TEA-2']);
    const failed = current.complete(at(4));
    expect(failed.status).toBe('FAILED');
    expect(failed.props.shortLines).toEqual([{ sku: 'TEA-2', requested: 1, available: 0 }]);
    expect(failed.nextStep()).toEqual({ kind: 'none' });
  });

  it('cannot fail without a short line, nor once reserved', () => {
    expect(() => open().fail([], t0)).toThrow(InvalidReservationTransitionError);
    expect(() => runPhase(open()).fail([{ sku: 'MUG-1', requested: 2, available: 1 }], t0)).toThrow(
      InvalidReservationTransitionError,
    );
  });

  it('refuses orders it cannot reserve as given', () => {
    expect(() => open([])).toThrow(InvalidReservationLinesError);
    expect(() =>
      open([
        { sku: 'MUG-1', quantity: 1 },
        { sku: 'MUG-1', quantity: 2 },
      ]),
    ).toThrow(InvalidReservationLinesError);
    expect(() => open([{ sku: 'MUG-1', quantity: 0 }])).toThrow(InvalidReservationLinesError);
  });

  it('only lets the current step be applied', () => {
    expect(() => open().lineApplied('TEA-2', t0)).toThrow(InvalidReservationTransitionError);
  });
});

describe('Reservation: after the hold', () => {
  const reserved = runPhase(open());

  it('commits a held reservation, once, and only its own', () => {
    const decision = reserved.commit('r-1', cause, at(5));
    expect(decision.kind).toBe('start');
    const committing = decision.kind === 'start' ? decision.reservation : reserved;
    expect(committing.nextStep()).toMatchObject({ operation: 'commit', reason: 'order-confirmed' });
    expect(runPhase(committing).commit('r-1', cause, at(6))).toEqual({ kind: 'already' });
    expect(() => reserved.commit('r-other', cause, at(5))).toThrow(ReservationMismatchError);
  });

  it('says a confirmation came too late once the hold was released', () => {
    expect(inStatus('RELEASED').commit('r-1', cause, t0)).toEqual({ kind: 'too-late' });
    expect(() => inStatus('FAILED').commit('r-1', cause, t0)).toThrow(
      InvalidReservationTransitionError,
    );
  });

  it('releases on cancel when held, restocks when sold, and does nothing at rest', () => {
    const release = reserved.cancel(cause, t0);
    expect(release.kind === 'start' && release.reservation.props).toMatchObject({
      status: 'RELEASING',
      releaseReason: 'cancelled',
    });
    const restock = inStatus('COMMITTED').cancel(cause, t0);
    expect(restock.kind === 'start' && restock.reservation.nextStep()).toMatchObject({
      operation: 'restock',
    });
    for (const status of ['FAILED', 'RELEASED', 'RESTOCKED', 'CANCELLED'] as const) {
      expect(inStatus(status).cancel(cause, t0)).toEqual({ kind: 'nothing' });
    }
    expect(() => inStatus('COMMITTING').cancel(cause, t0)).toThrow(
      InvalidReservationTransitionError,
    );
  });

  it('cancels a reservation still reserving without reserving it first', () => {
    const decision = open().lineApplied('MUG-1', t0).cancel(cause, t0);
    expect(decision.kind === 'start' && decision.reservation.nextStep()).toMatchObject({
      operation: 'release',
      line: { sku: 'MUG-1' },
    });
  });

  it('expires only once due, with reason expired', () => {
    expect(() => reserved.expire(at(899))).toThrow(InvalidReservationTransitionError);
    const releasing = reserved.expire(at(900));
    expect(releasing.props.releaseReason).toBe('expired');
    expect(runPhase(releasing).status).toBe('RELEASED');
  });

  it('records a cancellation that came before the order, which then reserves nothing', () => {
    const cancelled = Reservation.cancelledUnplaced({
      orderId: 'o-9',
      reservationId: 'r-9',
      now: t0,
      cause,
    });
    expect(cancelled.isAtRest).toBe(true);
    expect(cancelled.nextStep()).toEqual({ kind: 'none' });
  });
});

describe('Reservation: what the sweeper does with a due entry', () => {
  const lease = 30_000;
  const restore = (status: ReservationStatus, touchedSecondsAgo: number, expiresInSeconds = -1) =>
    Reservation.restore({
      ...open().props,
      status,
      expiresAt: at(expiresInSeconds),
      touchedAt: at(-touchedSecondsAgo),
    });

  it('expires a hold past its expiry, leaves one not yet due', () => {
    expect(restore('RESERVED', 900).sweepAction(t0, lease)).toBe('expire');
    expect(restore('RESERVED', 900, 10).sweepAction(t0, lease)).toBe('wait');
  });

  it('takes over a phase left alone for a lease, waits on one in progress', () => {
    for (const status of ['FAILING', 'COMMITTING', 'RELEASING', 'RESTOCKING'] as const) {
      expect(restore(status, 31).sweepAction(t0, lease)).toBe('resume');
      expect(restore(status, 5).sweepAction(t0, lease)).toBe('wait');
    }
  });

  it('abandons a reservation stuck reserving past its expiry', () => {
    expect(restore('RESERVING', 31).sweepAction(t0, lease)).toBe('abandon');
    expect(restore('RESERVING', 5).sweepAction(t0, lease)).toBe('wait');
    const abandoned = restore('RESERVING', 31).abandon(t0);
    expect(abandoned.props).toMatchObject({ status: 'RELEASING', releaseReason: 'expired' });
  });

  it('forgets reservations at rest', () => {
    for (const status of ['COMMITTED', 'FAILED', 'RELEASED', 'RESTOCKED', 'CANCELLED'] as const) {
      expect(restore(status, 0).sweepAction(t0, lease)).toBe('forget');
    }
  });
});
