import { z } from 'zod';
import { defineEvent, type EventOf } from '../../define-event.js';
import { resourceIdSchema, timestampSchema, uuidSchema } from '../../primitives.schema.js';
import { topics } from '../../topics.js';

/** Stock is held and payment taken: the order will be fulfilled. */
export const orderConfirmed = defineEvent({
  type: 'order.confirmed',
  version: 1,
  topic: topics.orderOrder,
  description: 'An order has its stock reserved and its payment taken. Subject: the order id.',
  data: z.strictObject({
    orderId: uuidSchema,
    reservationId: uuidSchema,
    paymentId: resourceIdSchema,
    confirmedAt: timestampSchema,
  }),
});

export type OrderConfirmed = EventOf<typeof orderConfirmed>;
