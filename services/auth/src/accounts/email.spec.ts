import { describe, expect, it } from 'vitest';
import { emailInputSchema, normalizeEmail } from './email.js';

describe('normalizeEmail', () => {
  it.each([
    ['ada@example.com', 'ada@example.com'],
    ['  Ada@Example.COM ', 'ada@example.com'],
    ['\tADA.LOVELACE+shop@EXAMPLE.com\n', 'ada.lovelace+shop@example.com'],
  ])('turns %j into %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = normalizeEmail(' Grace@Example.org ');
    expect(normalizeEmail(once)).toBe(once);
  });
});

describe('emailInputSchema', () => {
  it('normalizes before it validates', () => {
    expect(emailInputSchema.parse('  Ada@Example.com ')).toBe('ada@example.com');
  });

  it.each([
    '',
    '   ',
    'ada',
    'ada@',
    '@example.com',
    'ada @example.com',
    `${'a'.repeat(250)}@x.com`,
  ])('refuses %j', (input) => {
    expect(emailInputSchema.safeParse(input).success).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(emailInputSchema.safeParse(42).success).toBe(false);
  });
});
