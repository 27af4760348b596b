import { createHash } from 'node:crypto';
import { IdempotencyKeyInvalidError, IdempotencyKeyMissingError } from './idempotency.errors.js';

/**
 * A UUID or any 8 to 64 unreserved URI characters: long enough not to collide by accident
 * within one customer's keys, short enough to index.
 */
const KEY_PATTERN = /^[A-Za-z0-9._~-]{8,64}$/;

/** The `Idempotency-Key` header's value, checked. */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined || header === '') throw new IdempotencyKeyMissingError();
  if (Array.isArray(header) || !KEY_PATTERN.test(header)) throw new IdempotencyKeyInvalidError();
  return header;
}

/** What identifies a request for idempotency: the operation and its parsed body. */
export interface IdempotentRequest {
  method: string;
  path: string;
  body: unknown;
}

/**
 * SHA-256 of the request in a canonical form: object keys sorted, so `{"a":1,"b":2}` and
 * `{"b":2,"a":1}` are one request, while any change of value is another. The parsed body is
 * hashed, not the raw bytes: whitespace and key order are not a different request.
 */
export function requestHash(request: IdempotentRequest): string {
  const canonical = canonicalJson([
    request.method.toUpperCase(),
    request.path,
    request.body ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
