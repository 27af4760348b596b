import { describe, expect, it } from 'vitest';
import { Cart, MAX_CART_LINES, MAX_CART_QUANTITY } from './cart.js';

const customer = '0190b6c8-6f30-7c4d-ae5f-6a7b8c9d0e1f';

describe('cart', () => {
  it('adds to an existing line rather than opening a second one', () => {
    const cart = Cart.empty(customer);
    cart.add('MUG-BLUE', 2);
    cart.add('MUG-BLUE', 3);
    cart.add('TEE-M-01', 1);
    expect(cart.lines).toEqual([
      { sku: 'MUG-BLUE', quantity: 5 },
      { sku: 'TEE-M-01', quantity: 1 },
    ]);
  });

  it(`holds at most ${MAX_CART_LINES} lines, and still adds to an existing one when full`, () => {
    const cart = Cart.empty(customer);
    for (let i = 0; i < MAX_CART_LINES; i++) cart.add(`SKU-${i}`, 1);
    expect(() => cart.add('ONE-MORE', 1)).toThrow(
      expect.objectContaining({ code: 'CART.TOO_MANY_LINES' }),
    );
    cart.add('SKU-0', 1);
    expect(cart.lines).toHaveLength(MAX_CART_LINES);
  });

  it(`keeps every line between 1 and ${MAX_CART_QUANTITY} units`, () => {
    const cart = Cart.empty(customer);
    cart.add('MUG-BLUE', 98);
    expect(() => cart.add('MUG-BLUE', 2)).toThrow(
      expect.objectContaining({ code: 'CART.QUANTITY_OUT_OF_RANGE' }),
    );
    expect(cart.lines).toEqual([{ sku: 'MUG-BLUE', quantity: 98 }]);
    for (const quantity of [0, -1, 1.5, 100]) {
      expect(() => cart.add('TEE-M-01', quantity)).toThrow(
        expect.objectContaining({ code: 'CART.QUANTITY_OUT_OF_RANGE' }),
      );
      expect(() => cart.setQuantity('MUG-BLUE', quantity)).toThrow(
        expect.objectContaining({ code: 'CART.QUANTITY_OUT_OF_RANGE' }),
      );
    }
  });

  it('sets the quantity of a line it has, and only of one it has', () => {
    const cart = Cart.empty(customer);
    cart.add('MUG-BLUE', 2);
    cart.setQuantity('MUG-BLUE', 7);
    expect(cart.lines).toEqual([{ sku: 'MUG-BLUE', quantity: 7 }]);
    expect(() => cart.setQuantity('TEE-M-01', 1)).toThrow(
      expect.objectContaining({ code: 'CART.ITEM_NOT_FOUND' }),
    );
  });

  it('removes a line, and removing one it lacks is no error', () => {
    const cart = Cart.restore(customer, [{ sku: 'MUG-BLUE', quantity: 1 }], 3);
    cart.remove('MUG-BLUE');
    cart.remove('MUG-BLUE');
    expect(cart.isEmpty).toBe(true);
    expect(cart.version).toBe(3);
  });
});
