import { describe, expect, it } from 'vitest';
import { InvalidTokenError, MissingTokenError } from './auth.errors.js';
import { bearerTokenOf } from './bearer-token.js';

describe('bearerTokenOf', () => {
  it('reads the token, whatever the case of the scheme', () => {
    expect(bearerTokenOf('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerTokenOf('bearer abc.def-_ghi')).toBe('abc.def-_ghi');
  });

  it.each([undefined, '', 'Basic YTpi', 'Token abc'])('treats %j as no token', (header) => {
    expect(() => bearerTokenOf(header)).toThrow(MissingTokenError);
  });

  it.each(['Bearer', 'Bearer ', 'Bearer a b', 'Bearer a,b', `Bearer ${'a'.repeat(8_193)}`])(
    'treats %j as an invalid token',
    (header) => {
      expect(() => bearerTokenOf(header)).toThrow(InvalidTokenError);
    },
  );
});
