import { z } from 'zod';
import { productStatusSchema } from '../events/catalog/product-state.schema.js';
import { moneySchema } from '../money.schema.js';
import { resourceIdSchema, skuSchema, slugSchema, timestampSchema } from '../primitives.schema.js';
import { cursorSchema, limitSchema, pageSchema, queryIntSchema } from './pagination.schema.js';

export const productSortSchema = z.enum(['relevance', 'price_asc', 'price_desc', 'name', 'newest']);
export type ProductSort = z.infer<typeof productSortSchema>;

/** A price bound in minor units; the upper limit only keeps it a safe integer. */
const priceBoundSchema = queryIntSchema(0, Number.MAX_SAFE_INTEGER);

/** `GET /products`: search and browse. Prices are in the store currency's minor units. */
export const productListQuerySchema = z
  .strictObject({
    q: z.string().trim().min(1).max(200).optional(),
    /** Category slug or id. */
    category: z.string().min(1).max(128).optional(),
    minPrice: priceBoundSchema.optional(),
    maxPrice: priceBoundSchema.optional(),
    sort: productSortSchema.default('relevance'),
    limit: limitSchema,
    cursor: cursorSchema.optional(),
  })
  .refine(
    (query) =>
      query.minPrice === undefined ||
      query.maxPrice === undefined ||
      query.minPrice <= query.maxPrice,
    { message: 'minPrice must not exceed maxPrice', path: ['minPrice'] },
  );

export const productResponseSchema = z.strictObject({
  id: resourceIdSchema,
  sku: skuSchema,
  name: z.string().min(1).max(200),
  slug: slugSchema,
  description: z.string().max(5000).optional(),
  categoryId: resourceIdSchema,
  price: moneySchema,
  status: productStatusSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export const categoryResponseSchema = z.strictObject({
  id: resourceIdSchema,
  name: z.string().min(1).max(100),
  slug: slugSchema,
  /** Absent for a top-level category. */
  parentId: resourceIdSchema.optional(),
});

export const productPageSchema = pageSchema(productResponseSchema);

export type ProductListQuery = z.infer<typeof productListQuerySchema>;
export type ProductResponse = z.infer<typeof productResponseSchema>;
export type CategoryResponse = z.infer<typeof categoryResponseSchema>;
export type ProductPage = z.infer<typeof productPageSchema>;
