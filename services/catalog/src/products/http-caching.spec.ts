import { HttpException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import {
  contentEtag,
  ifNoneMatchHits,
  optionalIfMatch,
  requiredIfMatch,
  versionEtag,
} from './http-caching.js';
import { InvalidIfMatchError } from './products.errors.js';

describe('HTTP validators', () => {
  it('makes the version the product ETag', () => {
    expect(versionEtag(7)).toBe('"7"');
  });

  it('derives a list ETag from the content', () => {
    expect(contentEtag({ items: [1] })).toBe(contentEtag({ items: [1] }));
    expect(contentEtag({ items: [1] })).not.toBe(contentEtag({ items: [2] }));
    expect(contentEtag({})).toMatch(/^"[A-Za-z0-9_-]+"$/);
  });

  it('compares If-None-Match weakly, in lists, with *', () => {
    expect(ifNoneMatchHits('"7"', '"7"')).toBe(true);
    expect(ifNoneMatchHits('W/"7"', '"7"')).toBe(true);
    expect(ifNoneMatchHits('"6", "7"', '"7"')).toBe(true);
    expect(ifNoneMatchHits('*', '"7"')).toBe(true);
    expect(ifNoneMatchHits('"6"', '"7"')).toBe(false);
    expect(ifNoneMatchHits(undefined, '"7"')).toBe(false);
  });

  it('reads the versions of If-Match', () => {
    expect(requiredIfMatch('"3"')).toEqual([3]);
    expect(requiredIfMatch(' "3", "4" ')).toEqual([3, 4]);
  });

  it('answers 428 without If-Match, or with *', () => {
    for (const header of [undefined, '', '*']) {
      try {
        requiredIfMatch(header);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(HttpException);
        expect((error as HttpException).getStatus()).toBe(428);
      }
    }
  });

  it('refuses weak or malformed tags', () => {
    for (const header of ['W/"3"', '3', '"three"', '"3', '"-1"']) {
      expect(() => requiredIfMatch(header)).toThrow(InvalidIfMatchError);
    }
  });

  it('lets archiving go without If-Match', () => {
    expect(optionalIfMatch(undefined)).toBeUndefined();
    expect(optionalIfMatch('"2"')).toEqual([2]);
  });
});
