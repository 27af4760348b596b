import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '@shop/platform-http';
import type { PagePosition } from './orders.repository.js';

export class InvalidCursorError extends DomainError {
  readonly code = 'ORDER.INVALID_CURSOR';
  readonly kind = 'invalid';
  constructor() {
    super('The cursor is not one this list gave out (or was made for other filters).');
  }
}

const payloadSchema = z.strictObject({
  t: z.iso.datetime(),
  id: z.uuid(),
  f: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
});

/**
 * The opaque cursor: base64url JSON of the last order's (created_at, id) and a hash of the
 * filters, so a cursor is refused on any list but the one that made it.
 */
export function encodeCursor(position: PagePosition, filters: Record<string, unknown>): string {
  const payload = { t: position.createdAt.toISOString(), id: position.id, f: filterHash(filters) };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** @throws InvalidCursorError for anything but a cursor of these filters. */
export function decodeCursor(raw: string, filters: Record<string, unknown>): PagePosition {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.f !== filterHash(filters)) throw new InvalidCursorError();
  return { createdAt: new Date(parsed.data.t), id: parsed.data.id };
}

function filterHash(filters: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.entries(filters)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}
