import { z } from 'zod';
import { defineEvent, type EventOf } from '../../define-event.js';
import { uuidSchema } from '../../primitives.schema.js';
import { topics } from '../../topics.js';
import { stockLinesSchema } from './stock-line.schema.js';

/** A hold ended without a sale; its units are available again. */
export const stockReleased = defineEvent({
  type: 'stock.released',
  version: 1,
  topic: topics.inventoryStock,
  description: 'A reservation was given back to available stock. Subject: the order id.',
  data: z.strictObject({
    orderId: uuidSchema,
    reservationId: uuidSchema,
    reason: z.enum(['expired', 'cancelled']),
    lines: stockLinesSchema,
  }),
});

export type StockReleased = EventOf<typeof stockReleased>;
