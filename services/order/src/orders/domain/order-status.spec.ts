import { describe, expect, it } from 'vitest';
import { orderStatusSchema, type OrderStatus } from '@shop/contracts';
import { canTransition, isTerminal } from './order-status.js';

const allowed: [OrderStatus, OrderStatus][] = [
  ['PENDING', 'CONFIRMED'],
  ['PENDING', 'REJECTED'],
  ['PENDING', 'CANCELLED'],
  ['CONFIRMED', 'CANCELLED'],
];

describe('order state machine', () => {
  const statuses = orderStatusSchema.options;
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s is allowed only if listed', (from, to) => {
    const expected = allowed.some(([a, b]) => a === from && b === to);
    expect(canTransition(from, to)).toBe(expected);
  });

  it('has REJECTED and CANCELLED as its only terminal statuses', () => {
    expect(statuses.filter(isTerminal)).toEqual(['REJECTED', 'CANCELLED']);
  });
});
