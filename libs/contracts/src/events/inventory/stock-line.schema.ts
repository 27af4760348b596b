import { z } from 'zod';
import { lineListSchema, quantitySchema, skuSchema } from '../../primitives.schema.js';

/** One SKU and how many units of it a reservation holds, releases or commits. */
export const stockLineSchema = z.strictObject({
  sku: skuSchema,
  quantity: quantitySchema,
});

export type StockLine = z.infer<typeof stockLineSchema>;

export const stockLinesSchema = lineListSchema(stockLineSchema);

/** A line that could not be reserved: how much was asked for and how much there was. */
export const shortLineSchema = z
  .strictObject({
    sku: skuSchema,
    requested: quantitySchema,
    available: z.number().int().nonnegative(),
  })
  .refine((line) => line.available < line.requested, {
    message: 'a short line has fewer units available than requested',
    path: ['available'],
  });

export type ShortLine = z.infer<typeof shortLineSchema>;

export const shortLinesSchema = lineListSchema(shortLineSchema);
