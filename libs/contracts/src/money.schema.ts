import { z } from 'zod';

/** ISO 4217 alphabetic code, e.g. `EUR`. */
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code');

/**
 * An amount in the currency's minor unit (cents for EUR), as an integer: floating point cannot
 * hold 0.10 exactly, and totals must add up to the cent on every service.
 */
export const moneySchema = z.strictObject({
  amount: z.number().int().nonnegative(),
  currency: currencySchema,
});

export type Money = z.infer<typeof moneySchema>;
