import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, filterHash } from './cursor.js';
import { InvalidCursorError } from './products.errors.js';

const id = '65f0c0ffee0000000000abcd';
const hash = filterHash({ q: ['mug'], category: 'kitchen', sort: 'price_asc' });

describe('cursor', () => {
  it('round-trips every sort key', () => {
    const cases = [
      ['price_asc', 1250],
      ['price_desc', 0],
      ['name', 'café mug'],
      ['newest', Date.UTC(2026, 0, 1)],
      ['relevance', 3],
    ] as const;
    for (const [sort, key] of cases) {
      const cursor = encodeCursor(sort, { key, id }, hash);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor, sort, hash)).toEqual({ key, id });
    }
  });

  it('stays within the contract length for the longest name key', () => {
    const cursor = encodeCursor('name', { key: '漢'.repeat(64), id }, hash);
    expect(cursor.length).toBeLessThanOrEqual(512);
  });

  it.each([
    ['not base64url', '***'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['an empty object', Buffer.from('{}').toString('base64url')],
    ['an array', Buffer.from('[1]').toString('base64url')],
    [
      'a bad id',
      Buffer.from(JSON.stringify({ s: 'price_asc', k: 1, id: 'x', f: hash })).toString('base64url'),
    ],
    [
      'extra fields',
      Buffer.from(JSON.stringify({ s: 'price_asc', k: 1, id, f: hash, x: 1 })).toString(
        'base64url',
      ),
    ],
    ['a key of the wrong type', encodeCursor('price_asc', { key: 'cheap', id }, hash)],
    ['a negative price', encodeCursor('price_asc', { key: -1, id }, hash)],
    ['a fractional price', encodeCursor('price_asc', { key: 1.5, id }, hash)],
  ])('refuses %s', (_what, raw) => {
    expect(() => decodeCursor(raw, 'price_asc', hash)).toThrow(InvalidCursorError);
  });

  it('refuses a cursor of another sort or other filters', () => {
    const cursor = encodeCursor('price_asc', { key: 100, id }, hash);
    expect(() => decodeCursor(cursor, 'price_desc', hash)).toThrow(/sort price_asc/);
    expect(() => decodeCursor(cursor, 'price_asc', filterHash({ q: ['cup'] }))).toThrow(
      /other filters/,
    );
  });

  it('hashes filters independently of key order', () => {
    expect(filterHash({ a: 1, b: [2] })).toBe(filterHash({ b: [2], a: 1 }));
    expect(filterHash({ a: 1 })).not.toBe(filterHash({ a: 2 }));
  });
});
