import { describe, expect, it } from 'vitest';
import {
  ARGON2_VERSION_0X13,
  ARGON2ID,
  meetsOwaspFloor,
  needsRehash,
  OWASP_ARGON2_PARAMS,
  type StoredHashParams,
} from './argon2-params.js';

const stored = (overrides: Partial<StoredHashParams> = {}): StoredHashParams => ({
  algorithm: ARGON2ID,
  version: ARGON2_VERSION_0X13,
  ...OWASP_ARGON2_PARAMS,
  ...overrides,
});

describe('meetsOwaspFloor', () => {
  it.each([
    [47_104, 1],
    [19_456, 2],
    [12_288, 3],
    [9_216, 4],
    [7_168, 5],
    [65_536, 3],
  ])('accepts m=%i t=%i (an OWASP configuration or stronger)', (memoryCost, timeCost) => {
    expect(meetsOwaspFloor({ memoryCost, timeCost, parallelism: 1 })).toBe(true);
  });

  it.each([
    [19_456, 1],
    [7_168, 4],
    [4_096, 10],
    [1_024, 1],
  ])('refuses m=%i t=%i', (memoryCost, timeCost) => {
    expect(meetsOwaspFloor({ memoryCost, timeCost, parallelism: 1 })).toBe(false);
  });
});

describe('needsRehash', () => {
  it('keeps a hash made with the current parameters', () => {
    expect(needsRehash(stored(), OWASP_ARGON2_PARAMS)).toBe(false);
  });

  it.each<[string, Partial<StoredHashParams>]>([
    ['weaker memory', { memoryCost: 4_096 }],
    ['stronger memory', { memoryCost: 65_536 }],
    ['other passes', { timeCost: 3 }],
    ['other lanes', { parallelism: 2 }],
    ['argon2i', { algorithm: 1 }],
    ['argon2d', { algorithm: 0 }],
    ['version 0x10', { version: 0 }],
  ])('replaces a hash with %s', (_case, overrides) => {
    expect(needsRehash(stored(overrides), OWASP_ARGON2_PARAMS)).toBe(true);
  });
});
