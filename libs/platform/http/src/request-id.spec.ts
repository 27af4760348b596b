import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isSafeRequestId, requestIdFor } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function requestWith(id?: string | string[]): IncomingMessage {
  return { headers: id === undefined ? {} : { 'x-request-id': id } } as unknown as IncomingMessage;
}

describe('requestIdFor', () => {
  it('keeps a safe incoming id', () => {
    expect(requestIdFor(requestWith('gw-1234.abc:9_x'))).toBe('gw-1234.abc:9_x');
  });

  it('keeps an id of exactly 128 characters', () => {
    const id = 'a'.repeat(128);
    expect(requestIdFor(requestWith(id))).toBe(id);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'a b'],
    ['with a newline', 'a\nb'],
    ['with markup', '<script>'],
    ['repeated', ['a', 'b']],
  ])('replaces an id that is %s with a UUID', (_case, id) => {
    expect(requestIdFor(requestWith(id))).toMatch(UUID);
  });

  it('makes a new id per request', () => {
    expect(requestIdFor(requestWith())).not.toBe(requestIdFor(requestWith()));
  });
});

describe('isSafeRequestId', () => {
  it('refuses non-strings', () => {
    expect(isSafeRequestId(42)).toBe(false);
  });
});
