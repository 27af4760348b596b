import { z } from 'zod';
import { defineEvent, type EventOf } from '../../define-event.js';
import { uuidSchema } from '../../primitives.schema.js';
import { topics } from '../../topics.js';
import { stockLinesSchema } from './stock-line.schema.js';

/** A hold became a sale: its units left stock for good and can no longer expire. */
export const stockCommitted = defineEvent({
  type: 'stock.committed',
  version: 1,
  topic: topics.inventoryStock,
  description: 'A reservation was turned into a sale. Subject: the order id.',
  data: z.strictObject({
    orderId: uuidSchema,
    reservationId: uuidSchema,
    lines: stockLinesSchema,
  }),
});

export type StockCommitted = EventOf<typeof stockCommitted>;
