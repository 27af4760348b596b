import { describe, expect, it } from 'vitest';
import { checkLedger, type Movement } from './ledger.ts';

function movement(version: number, available: number, reserved: number, committed: number) {
  const delta = { available, reserved, committed };
  return { version, kind: 'k', delta, after: delta } satisfies Movement;
}

/** Stocked 5, one unit reserved, then committed: 4 available, 1 committed. */
const ledger = [movement(1, 5, 0, 0), movement(2, -1, 1, 0), movement(3, 0, -1, 1)];
const stock = { sku: 'S-1', available: 4, reserved: 0, committed: 1 };

describe('checkLedger', () => {
  it('accepts a ledger that adds up to the row, in any order', () => {
    expect(() => checkLedger(stock, [...ledger].reverse())).not.toThrow();
  });

  it('refuses a movement missing or doubled', () => {
    expect(() => checkLedger(stock, [ledger[0], ledger[2]])).toThrow(/not 1\.\.n/);
    expect(() => checkLedger(stock, [...ledger, ledger[2]])).toThrow(/not 1\.\.n/);
  });

  it('refuses a row the movements do not add up to', () => {
    expect(() => checkLedger({ ...stock, committed: 2 }, ledger)).toThrow(/adds up to/);
  });
});
