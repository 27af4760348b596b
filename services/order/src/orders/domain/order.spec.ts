import { describe, expect, it } from 'vitest';
import { Order, type OrderLine } from './order.js';
import { sumOfLines } from './money.js';

const now = new Date('2026-11-23T10:00:00.000Z');
const later = new Date('2026-11-23T10:00:05.000Z');
const reservationId = '0190b6c8-0000-7000-8000-000000000001';

function eur(amount: number) {
  return { amount, currency: 'EUR' };
}

function place(lines: OrderLine[] = [{ sku: 'MUG-BLUE', quantity: 2, unitPrice: eur(1250) }]) {
  return Order.place({
    id: '0190b6c8-4d1e-7a2b-8c3d-4e5f6a7b8c9d',
    customerId: '0190b6c8-6f30-7c4d-ae5f-6a7b8c9d0e1f',
    lines,
    correlationId: 'c-1',
    now,
  });
}

describe('order totals', () => {
  it('is the sum of quantity × unit price, in minor units', () => {
    const order = place([
      { sku: 'MUG-BLUE', quantity: 2, unitPrice: eur(1250) },
      { sku: 'TEE-M-01', quantity: 3, unitPrice: eur(999) },
    ]);
    expect(order.state.total).toEqual(eur(5497));
  });

  it('adds integers only, so ten lines of 0.10 EUR are exactly 1.00 EUR', () => {
    const lines = Array.from({ length: 10 }, (_, i) => ({
      sku: `SKU-${i}`,
      quantity: 1,
      unitPrice: eur(10),
    }));
    expect(place(lines).state.total).toEqual(eur(100));
  });

  it('refuses lines in more than one currency', () => {
    expect(() =>
      place([
        { sku: 'MUG-BLUE', quantity: 1, unitPrice: eur(100) },
        { sku: 'TEE-M-01', quantity: 1, unitPrice: { amount: 100, currency: 'USD' } },
      ]),
    ).toThrow(expect.objectContaining({ code: 'ORDER.MIXED_CURRENCIES' }));
  });

  it('gives an empty sum the currency it is told', () => {
    expect(sumOfLines([], 'EUR')).toEqual(eur(0));
  });

  it.each([
    ['no lines', []],
    [
      'two lines for one SKU',
      [
        { sku: 'MUG-BLUE', quantity: 1, unitPrice: eur(1) },
        { sku: 'MUG-BLUE', quantity: 1, unitPrice: eur(1) },
      ],
    ],
    ['a quantity of 0', [{ sku: 'MUG-BLUE', quantity: 0, unitPrice: eur(1) }]],
    ['a quantity above 1000', [{ sku: 'MUG-BLUE', quantity: 1001, unitPrice: eur(1) }]],
    ['a fractional price', [{ sku: 'MUG-BLUE', quantity: 1, unitPrice: eur(1.5) }]],
  ])('refuses %s', (_, lines) => {
    expect(() => place(lines as OrderLine[])).toThrow(
      expect.objectContaining({ code: 'ORDER.INVALID_LINES' }),
    );
  });
});

describe('order lifecycle', () => {
  it('is placed PENDING at version 1, recording the placement', () => {
    const order = place();
    expect(order.status).toBe('PENDING');
    expect(order.state.version).toBe(1);
    expect(order.pullChanges()).toEqual([{ type: 'placed', at: now }]);
    expect(order.pullChanges()).toEqual([]);
  });

  it('confirms a PENDING order with its reservation and payment', () => {
    const order = place();
    order.pullChanges();
    order.confirm(reservationId, 'pay_1', later);
    expect(order.state).toMatchObject({
      status: 'CONFIRMED',
      reservationId,
      paymentId: 'pay_1',
      updatedAt: later,
      version: 2,
    });
    expect(order.pullChanges()).toEqual([
      { type: 'confirmed', at: later, reservationId, paymentId: 'pay_1' },
    ]);
  });

  it('rejects a PENDING order with the short lines', () => {
    const order = place();
    const shortLines = [{ sku: 'MUG-BLUE', requested: 2, available: 1 }];
    order.reject('insufficient-stock', later, shortLines);
    expect(order.state).toMatchObject({ status: 'REJECTED', statusReason: 'insufficient-stock' });
    expect(order.isTerminal).toBe(true);
  });

  it('cancels a CONFIRMED order, saying it was confirmed and which hold to release', () => {
    const order = place();
    order.confirm(reservationId, 'pay_1', later);
    order.pullChanges();
    order.cancel('customer', later);
    expect(order.pullChanges()).toEqual([
      {
        type: 'cancelled',
        at: later,
        reason: 'customer',
        previousStatus: 'CONFIRMED',
        reservationId,
      },
    ]);
    expect(order.state.version).toBe(3);
  });

  it('records the hold a declined payment is about', () => {
    const order = place();
    order.pullChanges();
    order.cancel('payment-declined', later, reservationId);
    expect(order.state.reservationId).toBe(reservationId);
    expect(order.pullChanges()[0]).toMatchObject({ previousStatus: 'PENDING', reservationId });
  });

  it.each([
    ['confirm a cancelled order', (o: Order) => o.confirm(reservationId, 'pay_1', later)],
    ['reject a cancelled order', (o: Order) => o.reject('insufficient-stock', later)],
    ['cancel a cancelled order', (o: Order) => o.cancel('customer', later)],
  ])('refuses to %s, changing nothing', (_, act) => {
    const order = place();
    order.cancel('saga-timeout', later);
    order.pullChanges();
    const before = order.state;
    expect(() => act(order)).toThrow(expect.objectContaining({ code: 'ORDER.INVALID_TRANSITION' }));
    expect(order.state).toBe(before);
    expect(order.pullChanges()).toEqual([]);
  });

  it('refuses to reject a confirmed order', () => {
    const order = place();
    order.confirm(reservationId, 'pay_1', later);
    expect(() => order.reject('insufficient-stock', later)).toThrow(
      expect.objectContaining({ code: 'ORDER.INVALID_TRANSITION' }),
    );
  });

  it('tells an event about another hold from one about its own', () => {
    const order = place();
    expect(order.holdsReservation(reservationId)).toBe(true);
    order.confirm(reservationId, 'pay_1', later);
    expect(order.holdsReservation(reservationId)).toBe(true);
    expect(order.holdsReservation('0190b6c8-0000-7000-8000-000000000002')).toBe(false);
  });
});

describe('which hold is the order’s', () => {
  const asked = '0190b6c8-0000-4000-8000-000000000001';
  const order = Order.place({
    id: 'o-1',
    customerId: 'c-1',
    lines: [
      { sku: 'MUG-BLUE', quantity: 2, unitPrice: eur(1250) },
      { sku: 'TEE-M-01', quantity: 1, unitPrice: eur(1999) },
    ],
    reservationId: asked,
    now: new Date(),
  });

  it('is the one naming its reservation and exactly its lines, in any order', () => {
    const held = [
      { sku: 'TEE-M-01', quantity: 1 },
      { sku: 'MUG-BLUE', quantity: 2 },
    ];
    expect(order.mismatchOfHold(asked, held)).toBeUndefined();
  });

  it.each([
    ['a missing line', [{ sku: 'MUG-BLUE', quantity: 2 }]],
    [
      'a smaller quantity',
      [
        { sku: 'MUG-BLUE', quantity: 1 },
        { sku: 'TEE-M-01', quantity: 1 },
      ],
    ],
    [
      'an extra line',
      [
        { sku: 'MUG-BLUE', quantity: 2 },
        { sku: 'TEE-M-01', quantity: 1 },
        { sku: 'CAP-RED', quantity: 1 },
      ],
    ],
  ])('is not one with %s', (_, held) => {
    expect(order.mismatchOfHold(asked, held)).toMatch(/the order is MUG-BLUE×2,TEE-M-01×1/);
  });

  it('is not one naming another reservation, and does not tell which one it should name', () => {
    const held = order.state.lines.map(({ sku, quantity }) => ({ sku, quantity }));
    const mismatch = order.mismatchOfHold('0190b6c8-0000-4000-8000-00000000beef', held);
    expect(mismatch).toMatch(/not the one the order asked for/);
    expect(mismatch).not.toContain(asked);
  });
});
