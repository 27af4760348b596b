import { z } from 'zod';
import { moneySchema } from '../money.schema.js';
import {
  MAX_LINES,
  quantitySchema,
  skuSchema,
  timestampSchema,
  uuidSchema,
} from '../primitives.schema.js';
import { cursorSchema, limitSchema, pageSchema } from './pagination.schema.js';

export const orderStatusSchema = z.enum(['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED']);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const orderLineResponseSchema = z.strictObject({
  sku: skuSchema,
  /** The product's name when the order was placed, if the order service kept it. */
  name: z.string().min(1).max(200).optional(),
  quantity: quantitySchema,
  unitPrice: moneySchema,
  lineTotal: moneySchema,
});

export const orderResponseSchema = z.strictObject({
  id: uuidSchema,
  status: orderStatusSchema,
  lines: z.array(orderLineResponseSchema).min(1).max(MAX_LINES),
  total: moneySchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  /** Why the order was rejected or cancelled, for people: e.g. `insufficient-stock`. */
  statusReason: z.string().max(200).optional(),
});

/** `GET /orders`: the signed-in customer's orders, newest first. */
export const orderListQuerySchema = z.strictObject({
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

/** `GET /admin/orders`: every customer's orders; `from` is inclusive, `to` exclusive. */
export const adminOrderSearchQuerySchema = z
  .strictObject({
    status: orderStatusSchema.optional(),
    customerId: uuidSchema.optional(),
    from: timestampSchema.optional(),
    to: timestampSchema.optional(),
    limit: limitSchema,
    cursor: cursorSchema.optional(),
  })
  .refine(
    (query) =>
      query.from === undefined ||
      query.to === undefined ||
      Date.parse(query.from) < Date.parse(query.to),
    { message: 'from must be before to', path: ['from'] },
  );

export const orderPageSchema = pageSchema(orderResponseSchema);

export type OrderLineResponse = z.infer<typeof orderLineResponseSchema>;
export type OrderResponse = z.infer<typeof orderResponseSchema>;
export type OrderListQuery = z.infer<typeof orderListQuerySchema>;
export type AdminOrderSearchQuery = z.infer<typeof adminOrderSearchQuerySchema>;
export type OrderPage = z.infer<typeof orderPageSchema>;
