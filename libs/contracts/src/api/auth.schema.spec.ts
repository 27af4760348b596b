import { describe, expect, it } from 'vitest';
import { loginRequestSchema, registerRequestSchema, tokenResponseSchema } from './auth.schema.js';

describe('auth schemas', () => {
  const registration = { email: 'ada@example.com', password: 'correct horse' };

  it('accepts a registration with or without a display name', () => {
    expect(registerRequestSchema.parse(registration)).toEqual(registration);
    expect(registerRequestSchema.parse({ ...registration, displayName: ' Ada ' }).displayName).toBe(
      'Ada',
    );
  });

  it.each([
    ['a password under 10 characters', { ...registration, password: 'short' }],
    ['a password over 128 characters', { ...registration, password: 'p'.repeat(129) }],
    ['a malformed email', { ...registration, email: 'ada' }],
    ['an unknown field such as roles', { ...registration, roles: ['admin'] }],
  ])('refuses a registration with %s', (_, body) => {
    expect(registerRequestSchema.safeParse(body).success).toBe(false);
  });

  it('lets an old password through login but not an empty one', () => {
    expect(
      loginRequestSchema.safeParse({ email: 'ada@example.com', password: 'old' }).success,
    ).toBe(true);
    expect(loginRequestSchema.safeParse({ email: 'ada@example.com', password: '' }).success).toBe(
      false,
    );
  });

  it('only issues Bearer tokens', () => {
    const tokens = {
      accessToken: 'a.b.c',
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: 'r'.repeat(43),
    };
    expect(tokenResponseSchema.safeParse(tokens).success).toBe(true);
    expect(tokenResponseSchema.safeParse({ ...tokens, tokenType: 'MAC' }).success).toBe(false);
  });
});
