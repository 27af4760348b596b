import { describe, expect, it } from 'vitest';
import { addCartItemRequestSchema, updateCartItemRequestSchema } from './cart.schema.js';

describe('cart schemas', () => {
  it('accepts 1 to 99 units of a valid SKU', () => {
    expect(addCartItemRequestSchema.safeParse({ sku: 'MUG-BLUE', quantity: 99 }).success).toBe(
      true,
    );
    expect(updateCartItemRequestSchema.safeParse({ quantity: 1 }).success).toBe(true);
  });

  it.each([
    ['100 units', { sku: 'MUG-BLUE', quantity: 100 }],
    ['a fractional quantity', { sku: 'MUG-BLUE', quantity: 1.5 }],
    ['a quantity sent as a string', { sku: 'MUG-BLUE', quantity: '2' }],
    ['a lowercase SKU', { sku: 'mug-blue', quantity: 1 }],
    ['a client-supplied price', { sku: 'MUG-BLUE', quantity: 1, unitPrice: 1 }],
  ])('refuses %s', (_, body) => {
    expect(addCartItemRequestSchema.safeParse(body).success).toBe(false);
  });
});
