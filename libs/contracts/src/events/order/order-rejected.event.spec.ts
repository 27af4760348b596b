import { describe, expect, it } from 'vitest';
import { orderRejected } from './order-rejected.event.js';

const orderId = '0190b6c8-4d1e-7a2b-8c3d-4e5f6a7b8c9d';

describe('order.rejected data', () => {
  it('requires the short lines when stock was insufficient', () => {
    expect(orderRejected.data.safeParse({ orderId, reason: 'insufficient-stock' }).success).toBe(
      false,
    );
    expect(orderRejected.data.safeParse({ orderId, reason: 'product-unavailable' }).success).toBe(
      true,
    );
  });

  it('refuses a short line that was not short', () => {
    const shortLines = [{ sku: 'MUG-BLUE', requested: 2, available: 2 }];
    expect(
      orderRejected.data.safeParse({ orderId, reason: 'insufficient-stock', shortLines }).success,
    ).toBe(false);
  });
});
