import { describe, expect, it } from 'vitest';
import { adminOrderSearchQuerySchema, orderListQuerySchema } from './orders.schema.js';

describe('orderListQuerySchema', () => {
  it('defaults the page size and refuses unknown keys', () => {
    expect(orderListQuerySchema.parse({ cursor: 'abc' })).toEqual({ limit: 20, cursor: 'abc' });
    expect(orderListQuerySchema.safeParse({ status: 'PENDING' }).success).toBe(false);
  });
});

describe('adminOrderSearchQuerySchema', () => {
  it('accepts a status, a customer and a time range', () => {
    const query = {
      status: 'CONFIRMED',
      customerId: '0190b6c8-6f30-7c4d-ae5f-6a7b8c9d0e1f',
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
      limit: '100',
    };
    expect(adminOrderSearchQuerySchema.parse(query)).toEqual({ ...query, limit: 100 });
  });

  it.each([
    [
      'a range that ends before it starts',
      { from: '2026-12-01T00:00:00Z', to: '2026-11-01T00:00:00Z' },
    ],
    ['a lowercase status', { status: 'pending' }],
    ['a date without a time', { from: '2026-11-01' }],
    ['a limit above 100', { limit: '1000' }],
  ])('refuses %s', (_, query) => {
    expect(adminOrderSearchQuerySchema.safeParse(query).success).toBe(false);
  });
});
