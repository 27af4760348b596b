import { describe, expect, it } from 'vitest';
import { ifNoneMatchHits, productEtag } from './product-etag.js';

describe('productEtag', () => {
  it('is a weak tag that changes with the body', () => {
    const a = productEtag('{"sku":"A","availability":{"available":1,"inStock":true}}');
    const b = productEtag('{"sku":"A","availability":{"available":0,"inStock":false}}');
    expect(a).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(a).not.toBe(b);
    expect(productEtag('x')).toBe(productEtag('x'));
  });
});

describe('ifNoneMatchHits', () => {
  const etag = 'W/"abc"';

  it('matches by weak comparison, in a list, or with *', () => {
    expect(ifNoneMatchHits('W/"abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('"abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('"x", W/"abc"', etag)).toBe(true);
    expect(ifNoneMatchHits(' * ', etag)).toBe(true);
  });

  it('does not match other tags, the catalog version, or nothing', () => {
    expect(ifNoneMatchHits('"3"', etag)).toBe(false);
    expect(ifNoneMatchHits('abc', etag)).toBe(false);
    expect(ifNoneMatchHits('', etag)).toBe(false);
    expect(ifNoneMatchHits(undefined, etag)).toBe(false);
  });
});
