import { z } from 'zod';
import { defineEvent, type EventOf } from '../../define-event.js';
import { moneySchema } from '../../money.schema.js';
import {
  lineListSchema,
  quantitySchema,
  skuSchema,
  timestampSchema,
  uuidSchema,
} from '../../primitives.schema.js';
import { topics } from '../../topics.js';

const orderLineSchema = z.strictObject({
  sku: skuSchema,
  quantity: quantitySchema,
  unitPrice: moneySchema.describe(
    'The price the customer agreed to, fixed when the order was placed.',
  ),
});

/**
 * A customer placed an order; the saga starts here. Prices are copied in, not looked up later, so
 * a catalog change after checkout never alters what the customer pays. v1 has no discounts,
 * taxes or shipping, so the total must be exactly the sum of the lines, in one currency.
 */
export const orderPlaced = defineEvent({
  type: 'order.placed',
  version: 1,
  topic: topics.orderOrder,
  description:
    'A customer placed an order; inventory is asked to reserve it. Subject: the order id.',
  data: z
    .strictObject({
      orderId: uuidSchema,
      customerId: uuidSchema,
      lines: lineListSchema(orderLineSchema),
      total: moneySchema,
      placedAt: timestampSchema,
      reservationId: uuidSchema
        .optional()
        .describe(
          'The id inventory gives its hold; the order accepts stock.reserved only naming it. Absent from orders placed before it existed: inventory then picks one.',
        ),
    })
    .superRefine((order, ctx) => {
      order.lines.forEach((line, index) => {
        if (line.unitPrice.currency !== order.total.currency) {
          ctx.addIssue({
            code: 'custom',
            message: 'every line must be priced in the currency of the total',
            path: ['lines', index, 'unitPrice', 'currency'],
          });
        }
      });
      const sum = order.lines.reduce((acc, line) => acc + line.quantity * line.unitPrice.amount, 0);
      if (sum !== order.total.amount) {
        ctx.addIssue({
          code: 'custom',
          message: `total must equal the sum of the lines (${sum})`,
          path: ['total', 'amount'],
        });
      }
    }),
});

export type OrderPlaced = EventOf<typeof orderPlaced>;
