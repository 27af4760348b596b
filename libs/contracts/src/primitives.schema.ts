import { z } from 'zod';

/** Most lines in one cart, order or reservation: keeps a message far below Kafka's 1 MB limit. */
export const MAX_LINES = 100;

/** Upper bound of one line's quantity in an order or a reservation. */
export const MAX_LINE_QUANTITY = 1000;

/** Any RFC 9562 UUID: orders, users and reservations. Producers mint v7 (see `uuidV7`). */
export const uuidSchema = z.uuid();

/**
 * An id a service mints in its own store (product, category, payment). Opaque to everyone else,
 * so only its alphabet and length are fixed: enough for a UUID or a Mongo ObjectId.
 */
export const resourceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be an id');

/** Stock-keeping unit: the one id catalog, inventory, carts and orders all share. */
export const skuSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,63}$/, 'must be 2-64 uppercase letters, digits or dashes');

/** URL-safe lowercase name of a product or category. */
export const slugSchema = z
  .string()
  .max(128)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by dashes');

/** RFC 3339 instant; an offset is accepted, producers write UTC (`Z`). */
export const timestampSchema = z.iso.datetime({ offset: true });

/** 254 characters is the longest address SMTP can deliver to (RFC 5321 path limit). */
export const emailSchema = z.email().max(254);

export const roleSchema = z.enum(['customer', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/** A line quantity in an order or a reservation. */
export const quantitySchema = z.number().int().min(1).max(MAX_LINE_QUANTITY);

/**
 * A non-empty, bounded list of lines with at most one line per SKU: two lines for one SKU would
 * leave consumers to guess whether they add up or one replaces the other.
 */
export function lineListSchema<TLine extends z.ZodType<{ sku: string }>>(line: TLine) {
  return z
    .array(line)
    .min(1)
    .max(MAX_LINES)
    .refine(
      (lines: readonly { sku: string }[]) =>
        new Set(lines.map((item) => item.sku)).size === lines.length,
      {
        message: 'must have at most one line per sku',
      },
    );
}
