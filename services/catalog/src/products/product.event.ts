import {
  productArchived,
  productCreated,
  productUpdated,
  type EventDefinition,
  type EventEnvelope,
} from '@shop/contracts';
import { createEnvelope, toOutgoing } from '@shop/platform-messaging';
import type { PendingEvent, ProductDocument } from './product.entity.js';
import { productState } from './product-view.js';

/** The request (or seed run) a write belongs to, carried as the events' correlation id. */
export interface WriteContext {
  correlationId?: string;
}

type ProductEventType = 'product.created' | 'product.updated' | 'product.archived';

/**
 * The event a write of `product` (already at its new version) publishes, as the pending element
 * stored in the same atomic write. Validated against the contract here: an event that breaks it
 * fails the request instead of sitting unpublishable in the document.
 */
export function pendingEventFor(
  type: ProductEventType,
  product: ProductDocument,
  context: WriteContext = {},
): PendingEvent {
  const subject = product._id.toHexString();
  const base = {
    source: 'catalog',
    subject,
    time: product.updatedAt,
    // A request id links the events to the request's logs; a seed run gets ids of its own.
    correlationId: context.correlationId,
    causationId: context.correlationId,
  };
  switch (type) {
    case 'product.created':
      return toPending(
        productCreated,
        createEnvelope(productCreated, { ...base, data: productState(product) }),
      );
    case 'product.updated':
      return toPending(
        productUpdated,
        createEnvelope(productUpdated, { ...base, data: productState(product) }),
      );
    case 'product.archived':
      return toPending(
        productArchived,
        createEnvelope(productArchived, {
          ...base,
          data: { productId: subject, sku: product.sku, productVersion: product.version },
        }),
      );
  }
}

function toPending<TType extends string>(
  definition: EventDefinition<TType>,
  envelope: EventEnvelope<unknown, TType>,
): PendingEvent {
  // No topic prefix here: the relay adds its environment's when it publishes.
  const outgoing = toOutgoing(definition, envelope);
  return {
    id: outgoing.eventId,
    type: outgoing.eventType,
    version: outgoing.eventVersion,
    topic: outgoing.topic,
    key: outgoing.key,
    value: outgoing.value,
    traceHeaders: outgoing.traceHeaders,
    createdAt: new Date(),
  };
}
