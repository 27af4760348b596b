import { defineEvent, type EventOf } from '../../define-event.js';
import { topics } from '../../topics.js';
import { productStateSchema } from './product-state.schema.js';

/**
 * A product changed. It carries the full new state rather than a diff, so a consumer that missed
 * an update still converges on the latest one.
 */
export const productUpdated = defineEvent({
  type: 'product.updated',
  version: 1,
  topic: topics.catalogProduct,
  description: 'A product changed; carries its full new state. Subject: the product id.',
  data: productStateSchema,
});

export type ProductUpdated = EventOf<typeof productUpdated>;
