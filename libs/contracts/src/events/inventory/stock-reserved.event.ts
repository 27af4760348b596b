import { z } from 'zod';
import { defineEvent, type EventOf } from '../../define-event.js';
import { timestampSchema, uuidSchema } from '../../primitives.schema.js';
import { topics } from '../../topics.js';
import { stockLinesSchema } from './stock-line.schema.js';

/**
 * Stock for every line of an order is held. Keyed by the order, not the reservation, so that all
 * of one order's stock events land on one partition in order.
 */
export const stockReserved = defineEvent({
  type: 'stock.reserved',
  version: 1,
  topic: topics.inventoryStock,
  description: "Stock for all of an order's lines is held until expiresAt. Subject: the order id.",
  data: z.strictObject({
    orderId: uuidSchema,
    reservationId: uuidSchema,
    lines: stockLinesSchema,
    expiresAt: timestampSchema.describe(
      'After this instant inventory releases the hold unless it was committed.',
    ),
  }),
});

export type StockReserved = EventOf<typeof stockReserved>;
