import { describe, expect, it } from 'vitest';
import { orderPlaced } from './order-placed.event.js';

const placed = {
  orderId: '0190b6c8-4d1e-7a2b-8c3d-4e5f6a7b8c9d',
  customerId: '0190b6c8-6f30-7c4d-ae5f-6a7b8c9d0e1f',
  lines: [
    { sku: 'MUG-BLUE', quantity: 2, unitPrice: { amount: 1000, currency: 'EUR' } },
    { sku: 'TEE-M-01', quantity: 1, unitPrice: { amount: 500, currency: 'EUR' } },
  ],
  total: { amount: 2500, currency: 'EUR' },
  placedAt: '2026-11-23T10:15:30Z',
};

describe('order.placed data', () => {
  it('accepts a total equal to the sum of its lines', () => {
    expect(orderPlaced.data.safeParse(placed).success).toBe(true);
  });

  it('refuses a total that does not add up', () => {
    const result = orderPlaced.data.safeParse({
      ...placed,
      total: { amount: 2499, currency: 'EUR' },
    });
    expect(result.error?.issues[0]?.path).toEqual(['total', 'amount']);
  });

  it('refuses lines priced in another currency than the total', () => {
    const lines = [
      placed.lines[0],
      { ...placed.lines[1], unitPrice: { amount: 500, currency: 'USD' } },
    ];
    expect(orderPlaced.data.safeParse({ ...placed, lines }).success).toBe(false);
  });

  it('refuses two lines for one SKU, no lines, and more than 100 lines', () => {
    const twice = [placed.lines[0], placed.lines[0]];
    expect(
      orderPlaced.data.safeParse({
        ...placed,
        lines: twice,
        total: { amount: 4000, currency: 'EUR' },
      }).success,
    ).toBe(false);
    expect(
      orderPlaced.data.safeParse({ ...placed, lines: [], total: { amount: 0, currency: 'EUR' } })
        .success,
    ).toBe(false);
    const many = Array.from({ length: 101 }, (_, index) => ({
      sku: `SKU-${index}`,
      quantity: 1,
      unitPrice: { amount: 1, currency: 'EUR' },
    }));
    expect(
      orderPlaced.data.safeParse({
        ...placed,
        lines: many,
        total: { amount: 101, currency: 'EUR' },
      }).success,
    ).toBe(false);
  });

  it('refuses fractional amounts and quantities', () => {
    expect(
      orderPlaced.data.safeParse({ ...placed, total: { amount: 25.5, currency: 'EUR' } }).success,
    ).toBe(false);
    const lines = [{ ...placed.lines[0], quantity: 1.5 }, placed.lines[1]];
    expect(orderPlaced.data.safeParse({ ...placed, lines }).success).toBe(false);
  });
});
