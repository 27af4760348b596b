import { z } from 'zod';
import { moneySchema } from '../money.schema.js';
import { MAX_LINES, skuSchema } from '../primitives.schema.js';

/** Per line in a cart; lower than an order line's bound, which also covers back-office orders. */
const cartQuantitySchema = z.number().int().min(1).max(99);

/** `POST /cart/items`: adds to the line of that SKU if there is one. */
export const addCartItemRequestSchema = z.strictObject({
  sku: skuSchema,
  quantity: cartQuantitySchema,
});

/** `PATCH /cart/items/:sku`: sets the quantity; removing a line is a DELETE. */
export const updateCartItemRequestSchema = z.strictObject({
  quantity: cartQuantitySchema,
});

export const cartLineSchema = z.strictObject({
  sku: skuSchema,
  name: z.string().min(1).max(200),
  quantity: cartQuantitySchema,
  /** Today's catalog price: a cart holds no price until the order is placed. */
  unitPrice: moneySchema,
  lineTotal: moneySchema,
});

/** An empty cart has no lines and a zero total. */
export const cartResponseSchema = z.strictObject({
  lines: z.array(cartLineSchema).max(MAX_LINES),
  total: moneySchema,
});

export type AddCartItemRequest = z.infer<typeof addCartItemRequestSchema>;
export type UpdateCartItemRequest = z.infer<typeof updateCartItemRequestSchema>;
export type CartLine = z.infer<typeof cartLineSchema>;
export type CartResponse = z.infer<typeof cartResponseSchema>;
