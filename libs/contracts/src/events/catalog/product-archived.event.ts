import { z } from 'zod';
import { defineEvent, type EventOf } from '../../define-event.js';
import { resourceIdSchema, skuSchema } from '../../primitives.schema.js';
import { topics } from '../../topics.js';
import { productVersionSchema } from './product-state.schema.js';

/** A product left the storefront: it can no longer be added to carts or ordered. */
export const productArchived = defineEvent({
  type: 'product.archived',
  version: 1,
  topic: topics.catalogProduct,
  description: 'A product was withdrawn from sale. Subject: the product id.',
  data: z.strictObject({
    productId: resourceIdSchema,
    sku: skuSchema,
    productVersion: productVersionSchema,
  }),
});

export type ProductArchived = EventOf<typeof productArchived>;
