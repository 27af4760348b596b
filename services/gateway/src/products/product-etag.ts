import { createHash } from 'node:crypto';

/**
 * A weak validator of the aggregated product: the catalog's `ETag` is its product version, which
 * stays the same while the availability beside it changes, so it cannot stand for this body.
 */
export function productEtag(body: string): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * Whether `If-None-Match` names `etag`, by weak comparison (RFC 9110 §13.1.2): `*`, or any
 * listed tag with the same opaque value, `W/` or not.
 */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((tag) => opaque(tag.trim()) === wanted);
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
