import { z } from 'zod';
import { defineEvent, type EventOf } from '../../define-event.js';
import { uuidSchema } from '../../primitives.schema.js';
import { topics } from '../../topics.js';
import { shortLinesSchema } from '../inventory/stock-line.schema.js';

/**
 * An order that never got going: nothing is held and nothing is charged, so unlike a
 * cancellation there is nothing to undo.
 */
export const orderRejected = defineEvent({
  type: 'order.rejected',
  version: 1,
  topic: topics.orderOrder,
  description: 'An order could not be accepted, e.g. for lack of stock. Subject: the order id.',
  data: z
    .strictObject({
      orderId: uuidSchema,
      reason: z.enum(['insufficient-stock', 'product-unavailable']),
      shortLines: shortLinesSchema
        .optional()
        .describe(
          'The lines inventory could not hold; present when the reason is insufficient-stock.',
        ),
    })
    .refine((order) => order.reason !== 'insufficient-stock' || order.shortLines !== undefined, {
      message: 'insufficient-stock requires the short lines',
      path: ['shortLines'],
    }),
});

export type OrderRejected = EventOf<typeof orderRejected>;
