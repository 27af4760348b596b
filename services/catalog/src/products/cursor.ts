import { createHash } from 'node:crypto';
import { z } from 'zod';
import { productSortSchema, type ProductSort } from '@shop/contracts';
import { InvalidCursorError } from './products.errors.js';
import { MAX_QUERY_TOKENS } from './search-terms.js';

/**
 * Where a page ends: the sort key of its last product and that product's id, which breaks ties.
 * The next page starts strictly after this position, so products inserted meanwhile can neither
 * push an existing product onto two pages nor past both.
 */
export interface CursorPosition {
  key: number | string;
  id: string;
}

const objectIdHex = z.string().regex(/^[0-9a-f]{24}$/);

/** The key each sort pages by. */
const keySchemas: Record<ProductSort, z.ZodType<number | string>> = {
  relevance: z.number().int().min(0).max(MAX_QUERY_TOKENS),
  price_asc: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  price_desc: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  name: z.string().max(300),
  newest: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
};

const payloadSchema = z.strictObject({
  s: productSortSchema,
  k: z.union([z.number(), z.string()]),
  id: objectIdHex,
  f: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
});

/**
 * The opaque cursor: base64url JSON of the sort, the position and a hash of the query's filters,
 * so a cursor is refused on any query but the one that made it.
 */
export function encodeCursor(
  sort: ProductSort,
  position: CursorPosition,
  filterHash: string,
): string {
  const payload = { s: sort, k: position.key, id: position.id, f: filterHash };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** The position in `raw`, checked against the query it is used with; 400 when anything is off. */
export function decodeCursor(raw: string, sort: ProductSort, filterHash: string): CursorPosition {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw new InvalidCursorError('not base64url');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor');
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) throw new InvalidCursorError('not a cursor');
  const payload = parsed.data;
  if (payload.s !== sort) throw new InvalidCursorError(`made for sort ${payload.s}`);
  if (payload.f !== filterHash) throw new InvalidCursorError('made for other filters');
  const key = keySchemas[sort].safeParse(payload.k);
  if (!key.success) throw new InvalidCursorError('not a cursor');
  return { key: key.data, id: payload.id };
}

/** A short hash of whatever decides a result set (everything but the page size and position). */
export function filterHash(filters: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}
