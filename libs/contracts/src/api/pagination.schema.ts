import { z } from 'zod';

/**
 * An integer from a query string. Only plain decimal digits are converted: `z.coerce.number()`
 * would also turn `''` into 0 and `1e3` into 1000, which no client means. Anything else stays a
 * string and fails as the wrong type.
 */
export function queryIntSchema(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value),
    z.number().int().min(min).max(max),
  );
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Page size of a list query: 1 to 100, 20 when absent. */
export const limitSchema = queryIntSchema(1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE);

/**
 * Where the next page starts. Opaque to clients, which pass back what `nextCursor` gave them:
 * keyset pagination stays fast and stable while rows are inserted, unlike offsets.
 */
export const cursorSchema = z.string().min(1).max(512);

/** A page of `item`; `nextCursor` is null on the last page. */
export function pageSchema<TItem extends z.ZodType>(item: TItem) {
  return z.strictObject({
    items: z.array(item).max(MAX_PAGE_SIZE),
    nextCursor: cursorSchema.nullable(),
  });
}

export interface Page<TItem> {
  items: TItem[];
  nextCursor: string | null;
}
