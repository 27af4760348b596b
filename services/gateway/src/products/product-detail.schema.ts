import { z } from 'zod';
import { productResponseSchema, skuSchema } from '@shop/contracts';

/** Live stock of a product, as inventory reports it. */
export const availabilitySchema = z.strictObject({
  available: z.number().int().min(0),
  inStock: z.boolean(),
});
export type Availability = z.infer<typeof availabilitySchema>;

/**
 * `GET /products/:idOrSlug`: the catalog's product (which has more fields than the shared
 * contract, hence loose) with `availability`, `null` when inventory could not say in time.
 */
export const productDetailSchema = z.looseObject({
  ...productResponseSchema.shape,
  availability: availabilitySchema.nullable(),
});

/** What the gateway needs of the catalog's answer to ask inventory about it. */
export const catalogProductSchema = z.looseObject({ sku: skuSchema });

/** Inventory's `POST /availability` answer. */
export const availabilityAnswerSchema = z.object({
  items: z.array(z.object({ sku: z.string(), available: z.number().int().min(0) })),
});
