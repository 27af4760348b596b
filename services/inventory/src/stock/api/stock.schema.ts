import { z } from 'zod';
import { cursorSchema, limitSchema, skuSchema } from '@shop/contracts';

/** Most units one SKU can be set to or moved by at once: far beyond any shelf, within `int`. */
const MAX_UNITS = 1_000_000_000;

const reasonSchema = z.string().trim().min(1).max(200);

/** `POST /availability`: up to 100 distinct SKUs. */
export const availabilityRequestSchema = z.strictObject({
  skus: z
    .array(skuSchema)
    .min(1)
    .max(100)
    .refine((skus) => new Set(skus).size === skus.length, { message: 'must not repeat a SKU' }),
});
export type AvailabilityRequest = z.infer<typeof availabilityRequestSchema>;

/** `PUT /admin/stock/:sku`: the available units after a stock take. */
export const setStockRequestSchema = z.strictObject({
  available: z.number().int().min(0).max(MAX_UNITS),
  reason: reasonSchema,
});
export type SetStockRequest = z.infer<typeof setStockRequestSchema>;

/** `POST /admin/stock/:sku/adjustments`: a delivery (positive) or a write-off (negative). */
export const adjustStockRequestSchema = z.strictObject({
  delta: z
    .number()
    .int()
    .min(-MAX_UNITS)
    .max(MAX_UNITS)
    .refine((delta) => delta !== 0, { message: 'must not be zero' }),
  reason: reasonSchema,
});
export type AdjustStockRequest = z.infer<typeof adjustStockRequestSchema>;

/** `GET /admin/stock/:sku/movements`. */
export const movementsQuerySchema = z.strictObject({
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export type MovementsQuery = z.infer<typeof movementsQuerySchema>;

export const stockParamSchema = skuSchema;

export interface StockResponse {
  sku: string;
  available: number;
  reserved: number;
  committed: number;
  version: number;
}

export interface MovementResponse {
  version: number;
  kind: string;
  reason: string;
  reference: string;
  delta: { available: number; reserved: number; committed: number };
  after: { available: number; reserved: number; committed: number };
  at: string;
}
