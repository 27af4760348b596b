import { describe, expect, it } from 'vitest';
import {
  adjustAvailable,
  decideHold,
  setAvailable,
  type Hold,
  type HoldOperation,
  type StockLevel,
} from './stock.entity.js';
import { HoldConflictError, InsufficientStockError } from './stock.errors.js';

const level: StockLevel = { sku: 'MUG-1', available: 5, reserved: 2, committed: 1, version: 7 };
const decide = (operation: HoldOperation, hold?: Hold, quantity = 2) =>
  decideHold(level, 'order-1', hold, operation, quantity);

describe('hold operations', () => {
  it('reserves from available into reserved, one version on', () => {
    expect(decide('reserve')).toEqual({
      kind: 'apply',
      level: { sku: 'MUG-1', available: 3, reserved: 4, committed: 1, version: 8 },
      delta: { available: -2, reserved: 2, committed: 0 },
      hold: { state: 'HELD', quantity: 2 },
    });
  });

  it('refuses to reserve more than is available, saying how much there is', () => {
    expect(() => decide('reserve', undefined, 6)).toThrow(InsufficientStockError);
    try {
      decide('reserve', undefined, 6);
    } catch (error) {
      expect(error).toMatchObject({
        code: 'INVENTORY.INSUFFICIENT_STOCK',
        requested: 6,
        available: 5,
      });
    }
  });

  it('applies each operation once: a repeat finds its hold already moved', () => {
    expect(decide('reserve', { state: 'HELD', quantity: 2 })).toEqual({ kind: 'already' });
    expect(decide('release', { state: 'RELEASED', quantity: 2 })).toEqual({ kind: 'already' });
    expect(decide('commit', { state: 'COMMITTED', quantity: 2 })).toEqual({ kind: 'already' });
    expect(decide('restock', { state: 'RESTOCKED', quantity: 2 })).toEqual({ kind: 'already' });
  });

  it('fences a release that comes before its reserve, and then refuses the reserve', () => {
    expect(decide('release')).toEqual({ kind: 'fence', hold: { state: 'RELEASED', quantity: 2 } });
    expect(decide('reserve', { state: 'RELEASED', quantity: 2 })).toEqual({ kind: 'refused' });
  });

  it('moves what the hold holds on release, commit and restock', () => {
    const held = { state: 'HELD', quantity: 2 } as const;
    expect(decide('release', held, 99)).toMatchObject({
      level: { available: 7, reserved: 0, committed: 1 },
      hold: { state: 'RELEASED' },
    });
    expect(decide('commit', held)).toMatchObject({
      level: { available: 5, reserved: 0, committed: 3 },
      hold: { state: 'COMMITTED' },
    });
    expect(decide('restock', { state: 'COMMITTED', quantity: 1 })).toMatchObject({
      level: { available: 6, reserved: 2, committed: 0 },
      hold: { state: 'RESTOCKED' },
    });
  });

  it('refuses transitions a hold cannot make', () => {
    expect(() => decide('commit', { state: 'RELEASED', quantity: 2 })).toThrow(HoldConflictError);
    expect(() => decide('commit')).toThrow(HoldConflictError);
    expect(() => decide('release', { state: 'COMMITTED', quantity: 2 })).toThrow(HoldConflictError);
    expect(() => decide('restock', { state: 'HELD', quantity: 2 })).toThrow(HoldConflictError);
  });
});

describe('admin corrections', () => {
  it('sets the available units, reporting the delta, and changes nothing when equal', () => {
    expect(setAvailable(level, 9)).toEqual({
      level: { ...level, available: 9, version: 8 },
      delta: { available: 4, reserved: 0, committed: 0 },
    });
    expect(setAvailable(level, 5)).toBeUndefined();
  });

  it('adjusts, but never writes off more than is available', () => {
    expect(adjustAvailable(level, -5).level.available).toBe(0);
    expect(() => adjustAvailable(level, -6)).toThrow(InsufficientStockError);
  });
});
