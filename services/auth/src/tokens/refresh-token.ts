import { createHash, randomBytes } from 'node:crypto';

/** 256 bits: guessing one is hopeless, so a fast hash (not argon2) is enough to store it. */
export const REFRESH_TOKEN_BYTES = 32;

/** A new opaque refresh token: 32 random bytes, base64url (43 characters). */
export function newRefreshToken(): string {
  return randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
}

/**
 * What is stored and looked up instead of the token: SHA-256 of it. A copy of the table gives
 * nobody a usable token, and equality lookups stay indexable (a salted hash would not be).
 */
export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** What rotation needs to know about a presented token. */
export interface RefreshTokenState {
  /** When it was exchanged for its successor; a token works once. */
  usedAt: Date | null;
  expiresAt: Date;
}

/** What rotation needs to know about the token's family (one login and its rotations). */
export interface RefreshFamilyState {
  /** Set by logout or by a detected reuse: every token of the family is dead. */
  revokedAt: Date | null;
  /** The family's absolute end, however often it was rotated. */
  expiresAt: Date;
}

/**
 * - `rotate`: the token is exchanged for a new one of the same family;
 * - `reused`: it was exchanged before, so two parties hold the family: revoke all of it;
 * - `revoked`: the family was logged out or revoked after a reuse;
 * - `expired`: the token or its family is past its end.
 */
export type RotationVerdict = 'rotate' | 'reused' | 'revoked' | 'expired';

/**
 * The refresh-token rotation rules (OAuth 2.0 Security BCP §4.14.2). Reuse is checked before
 * expiry: a used token presented again is evidence of theft whenever it arrives.
 */
export function rotationVerdict(
  token: RefreshTokenState,
  family: RefreshFamilyState,
  now: Date,
): RotationVerdict {
  if (family.revokedAt !== null) return 'revoked';
  if (token.usedAt !== null) return 'reused';
  if (now >= token.expiresAt || now >= family.expiresAt) return 'expired';
  return 'rotate';
}

/** A new token lives `ttlSeconds`, but never past the family's absolute end. */
export function refreshTokenExpiry(now: Date, ttlSeconds: number, familyExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + ttlSeconds * 1000, familyExpiresAt.getTime()));
}
