import { describe, expect, it } from 'vitest';
import { passwordSchema } from '@shop/contracts';
import {
  commonPasswords,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordProblem,
} from './password-policy.js';

describe('passwordProblem', () => {
  it('agrees with the contract on the length bounds', () => {
    expect(passwordSchema.safeParse('a'.repeat(MIN_PASSWORD_LENGTH - 1)).success).toBe(false);
    expect(passwordSchema.safeParse('a'.repeat(MIN_PASSWORD_LENGTH)).success).toBe(true);
    expect(passwordSchema.safeParse('a'.repeat(MAX_PASSWORD_LENGTH)).success).toBe(true);
    expect(passwordSchema.safeParse('a'.repeat(MAX_PASSWORD_LENGTH + 1)).success).toBe(false);
  });

  it.each([
    ['too_short', 'nine char'],
    ['too_short', '🔑🔑🔑🔑🔑'], // ten UTF-16 units, five characters
    ['too_long', 'x'.repeat(129)],
    ['too_common', 'password123'],
    ['too_common', 'PassWord123'],
    ['too_common', 'qwertyuiop'],
    ['too_common', '1q2w3e4r5t'],
    ['too_common', 'iloveyou2024'],
    ['too_common', '0000000000'],
  ])('finds %s in %j', (problem, password) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it.each([
    'correct horse battery staple',
    'lowercaseonly',
    'x'.repeat(128),
    'Tr0ub4dor&3-but-longer',
    '🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑',
  ])('accepts %j: no composition rules', (password) => {
    expect(passwordProblem(password)).toBeUndefined();
  });

  it('uses the list it is given', () => {
    expect(passwordProblem('my own secret', new Set(['my own secret']))).toBe('too_common');
  });
});

describe('the common-password list', () => {
  it('holds at least a thousand passwords, each long enough to pass the length rule', () => {
    expect(commonPasswords.size).toBeGreaterThanOrEqual(1000);
    for (const password of commonPasswords) {
      expect([...password].length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
      expect(password.length).toBeLessThanOrEqual(MAX_PASSWORD_LENGTH);
      expect(password).toBe(password.toLowerCase());
    }
  });
});
