import { describe, expect, it } from 'vitest';
import {
  hashRefreshToken,
  newRefreshToken,
  refreshTokenExpiry,
  rotationVerdict,
  type RefreshFamilyState,
  type RefreshTokenState,
} from './refresh-token.js';

const now = new Date('2026-11-22T12:00:00Z');
const later = new Date('2026-12-22T12:00:00Z');
const earlier = new Date('2026-11-21T12:00:00Z');

const token = (overrides: Partial<RefreshTokenState> = {}): RefreshTokenState => ({
  usedAt: null,
  expiresAt: later,
  ...overrides,
});
const family = (overrides: Partial<RefreshFamilyState> = {}): RefreshFamilyState => ({
  revokedAt: null,
  expiresAt: later,
  ...overrides,
});

describe('rotationVerdict', () => {
  it('rotates an unused, unexpired token of a live family', () => {
    expect(rotationVerdict(token(), family(), now)).toBe('rotate');
  });

  it('calls a used token a reuse', () => {
    expect(rotationVerdict(token({ usedAt: earlier }), family(), now)).toBe('reused');
  });

  it('calls a used token a reuse even once it has expired: theft is theft whenever', () => {
    expect(rotationVerdict(token({ usedAt: earlier, expiresAt: earlier }), family(), now)).toBe(
      'reused',
    );
  });

  it('refuses every token of a revoked family, used or not', () => {
    expect(rotationVerdict(token(), family({ revokedAt: earlier }), now)).toBe('revoked');
    expect(rotationVerdict(token({ usedAt: earlier }), family({ revokedAt: earlier }), now)).toBe(
      'revoked',
    );
  });

  it('refuses an expired token', () => {
    expect(rotationVerdict(token({ expiresAt: earlier }), family(), now)).toBe('expired');
    expect(rotationVerdict(token({ expiresAt: now }), family(), now)).toBe('expired');
  });

  it('refuses a fresh token of a family past its absolute end', () => {
    expect(rotationVerdict(token(), family({ expiresAt: earlier }), now)).toBe('expired');
  });
});

describe('refreshTokenExpiry', () => {
  it('gives a token its lifetime', () => {
    expect(refreshTokenExpiry(now, 3600, later)).toEqual(new Date('2026-11-22T13:00:00Z'));
  });

  it('never lets a token outlive its family', () => {
    const familyEnd = new Date('2026-11-22T12:30:00Z');
    expect(refreshTokenExpiry(now, 3600, familyEnd)).toEqual(familyEnd);
  });
});

describe('refresh token values', () => {
  it('are 256 random bits in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newRefreshToken()));
    expect(tokens.size).toBe(1000);
    for (const value of tokens) expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('are stored as their SHA-256, never as themselves', () => {
    const value = newRefreshToken();
    const hash = hashRefreshToken(value);
    expect(hash).toHaveLength(32);
    expect(hash.equals(hashRefreshToken(value))).toBe(true);
    expect(hash.toString('base64url')).not.toBe(value);
    expect(hash.equals(hashRefreshToken(newRefreshToken()))).toBe(false);
  });
});
