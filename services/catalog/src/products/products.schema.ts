import { z } from 'zod';
import {
  categoryResponseSchema,
  moneySchema,
  pageSchema,
  productResponseSchema,
  productVersionSchema,
  resourceIdSchema,
  skuSchema,
  slugSchema,
} from '@shop/contracts';

// The shared contracts have the storefront's product and list shapes but neither the admin
// requests nor attributes, images and version. Until they do, the catalog defines them here.

const attributeKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lowercase identifier of up to 40 characters');

/** Free key/value facts (`{ colour: 'blue' }`); values are searchable. */
export const attributesSchema = z
  .record(attributeKeySchema, z.string().trim().min(1).max(200))
  .refine((attributes) => Object.keys(attributes).length <= 30, 'at most 30 attributes');

const imagesSchema = z.array(z.url({ protocol: /^https?$/ }).max(2000)).max(20);

const nameSchema = z.string().trim().min(1).max(200);
const descriptionSchema = z.string().max(5000);

/** The catalog's product: the contract's storefront product plus attributes, images and version. */
export const catalogProductSchema = productResponseSchema.extend({
  attributes: z.record(z.string(), z.string()),
  images: z.array(z.string()),
  /** Also the `ETag`; send it back in `If-Match` to update. */
  version: productVersionSchema,
});
export type CatalogProduct = z.infer<typeof catalogProductSchema>;

export const catalogProductPageSchema = pageSchema(catalogProductSchema);
export type CatalogProductPage = z.infer<typeof catalogProductPageSchema>;

export const categoryListSchema = z.strictObject({ items: z.array(categoryResponseSchema) });
export type CategoryList = z.infer<typeof categoryListSchema>;

/** `POST /admin/products`. Without a slug, one is made from the name. */
export const createProductRequestSchema = z.strictObject({
  sku: skuSchema,
  name: nameSchema,
  slug: slugSchema.optional(),
  description: descriptionSchema.optional(),
  categoryId: resourceIdSchema,
  price: moneySchema,
  attributes: attributesSchema.default({}),
  images: imagesSchema.default([]),
});
export type CreateProductRequest = z.infer<typeof createProductRequestSchema>;

/**
 * `PATCH /admin/products/:id`: the fields to change. The SKU is the id inventory and orders share,
 * so it never changes; the status changes through archiving. `description: null` removes it.
 */
export const updateProductRequestSchema = z
  .strictObject({
    name: nameSchema.optional(),
    slug: slugSchema.optional(),
    description: descriptionSchema.nullable().optional(),
    categoryId: resourceIdSchema.optional(),
    price: moneySchema.optional(),
    attributes: attributesSchema.optional(),
    images: imagesSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');
export type UpdateProductRequest = z.infer<typeof updateProductRequestSchema>;

/** A product id as this service mints them (a MongoDB ObjectId in hex). */
export const productIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'must be a product id');

/** `GET /products/:idOrSlug`. */
export const idOrSlugSchema = z.union([productIdSchema, slugSchema], {
  error: 'must be a product id or slug',
});
