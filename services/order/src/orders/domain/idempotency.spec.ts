import { describe, expect, it } from 'vitest';
import { parseIdempotencyKey, requestHash } from './idempotency.js';

describe('Idempotency-Key header', () => {
  it.each(['0190b6c8-4d1e-7a2b-8c3d-4e5f6a7b8c9d', 'checkout-1', 'a'.repeat(64), 'A.b_c~d-e'])(
    'accepts %s',
    (key) => {
      expect(parseIdempotencyKey(key)).toBe(key);
    },
  );

  it('requires the header', () => {
    expect(() => parseIdempotencyKey(undefined)).toThrow(
      expect.objectContaining({ code: 'ORDER.IDEMPOTENCY_KEY_REQUIRED' }),
    );
    expect(() => parseIdempotencyKey('')).toThrow(
      expect.objectContaining({ code: 'ORDER.IDEMPOTENCY_KEY_REQUIRED' }),
    );
  });

  it.each([['short'], ['a'.repeat(65)], ['has space'], ['semi;colon'], ['ünïcode-key']])(
    'refuses %s',
    (key) => {
      expect(() => parseIdempotencyKey(key)).toThrow(
        expect.objectContaining({ code: 'ORDER.IDEMPOTENCY_KEY_INVALID' }),
      );
    },
  );

  it('refuses the header sent twice', () => {
    expect(() => parseIdempotencyKey(['checkout-1', 'checkout-2'])).toThrow(
      expect.objectContaining({ code: 'ORDER.IDEMPOTENCY_KEY_INVALID' }),
    );
  });
});

describe('request hash', () => {
  const base = { method: 'POST', path: '/orders' };

  it('is one hash for one request, whatever the order of its keys', () => {
    const a = requestHash({ ...base, body: { expectedTotal: { amount: 1, currency: 'EUR' } } });
    const b = requestHash({ ...base, body: { expectedTotal: { currency: 'EUR', amount: 1 } } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats an absent field as absent', () => {
    expect(requestHash({ ...base, body: { expectedTotal: undefined } })).toBe(
      requestHash({ ...base, body: {} }),
    );
  });

  it('changes with any value, the method or the path', () => {
    const body = { expectedTotal: { amount: 1, currency: 'EUR' } };
    const hash = requestHash({ ...base, body });
    expect(
      requestHash({ ...base, body: { expectedTotal: { amount: 2, currency: 'EUR' } } }),
    ).not.toBe(hash);
    expect(requestHash({ ...base, method: 'PUT', body })).not.toBe(hash);
    expect(requestHash({ ...base, path: '/orders/x', body })).not.toBe(hash);
  });

  it('does not confuse a string with the number it spells', () => {
    expect(requestHash({ ...base, body: { a: '1' } })).not.toBe(
      requestHash({ ...base, body: { a: 1 } }),
    );
  });
});
