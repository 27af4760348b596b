import { z } from 'zod';
import { moneySchema } from '../../money.schema.js';
import { resourceIdSchema, skuSchema, slugSchema } from '../../primitives.schema.js';

/**
 * The product's own version, raised by one on every change. Events of one product can be
 * redelivered or replayed out of order; consumers keep the highest version they have applied
 * and drop anything older.
 */
export const productVersionSchema = z
  .number()
  .int()
  .positive()
  .describe('Raised on every change of the product; consumers ignore versions they have passed.');

export const productStatusSchema = z.enum(['active', 'archived']);
export type ProductStatus = z.infer<typeof productStatusSchema>;

/** The whole state of a product, as carried by `product.created` and `product.updated`. */
export const productStateSchema = z.strictObject({
  productId: resourceIdSchema,
  sku: skuSchema,
  name: z.string().min(1).max(200),
  slug: slugSchema,
  categoryId: resourceIdSchema,
  price: moneySchema,
  status: productStatusSchema,
  productVersion: productVersionSchema,
});
