import { defineEvent, type EventOf } from '../../define-event.js';
import { topics } from '../../topics.js';
import { productStateSchema } from './product-state.schema.js';

/** A product was added to the catalog. Subject: the product id. */
export const productCreated = defineEvent({
  type: 'product.created',
  version: 1,
  topic: topics.catalogProduct,
  description: 'A product was added to the catalog. Subject: the product id.',
  data: productStateSchema,
});

export type ProductCreated = EventOf<typeof productCreated>;
