import { z } from 'zod';
import { defineEvent, type EventOf } from '../../define-event.js';
import { uuidSchema } from '../../primitives.schema.js';
import { topics } from '../../topics.js';
import { shortLinesSchema } from './stock-line.schema.js';

/** Nothing was held: a reservation is all or nothing, so one short line fails the whole order. */
export const stockReservationFailed = defineEvent({
  type: 'stock.reservation-failed',
  version: 1,
  topic: topics.inventoryStock,
  description:
    'Stock for an order could not be held; lists the short lines. Subject: the order id.',
  data: z.strictObject({
    orderId: uuidSchema,
    shortLines: shortLinesSchema,
  }),
});

export type StockReservationFailed = EventOf<typeof stockReservationFailed>;
