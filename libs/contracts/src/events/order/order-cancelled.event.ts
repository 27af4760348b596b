import { z } from 'zod';
import { defineEvent, type EventOf } from '../../define-event.js';
import { timestampSchema, uuidSchema } from '../../primitives.schema.js';
import { topics } from '../../topics.js';

/** Why an accepted order was called off. */
export const cancellationReasonSchema = z.enum([
  'payment-declined',
  'reservation-expired',
  'saga-timeout',
  'customer',
  'admin',
]);

export type CancellationReason = z.infer<typeof cancellationReasonSchema>;

/**
 * An accepted order was called off. `previousStatus` tells consumers what to undo: a PENDING
 * order may still hold stock, a CONFIRMED one has also been paid for.
 */
export const orderCancelled = defineEvent({
  type: 'order.cancelled',
  version: 1,
  topic: topics.orderOrder,
  description:
    'An order was called off; any stock it holds is to be released. Subject: the order id.',
  data: z.strictObject({
    orderId: uuidSchema,
    reason: cancellationReasonSchema,
    previousStatus: z.enum(['PENDING', 'CONFIRMED']),
    reservationId: uuidSchema.optional().describe('Absent when no stock was ever held.'),
    cancelledAt: timestampSchema,
  }),
});

export type OrderCancelled = EventOf<typeof orderCancelled>;
