import { z } from 'zod';
import { moneySchema } from '@shop/contracts';

/**
 * `POST /orders`: the checkout of the cart. The body is optional; `expectedTotal` is the total
 * the customer was shown, and the checkout is refused (409 `CART.TOTAL_CHANGED`) if prices moved
 * since. It never sets a price: prices come from the projection.
 */
export const checkoutRequestSchema = z
  .strictObject({ expectedTotal: moneySchema.optional() })
  .default({});

export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>;
