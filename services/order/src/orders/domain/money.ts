import type { Money } from '@shop/contracts';
import { MixedCurrenciesError } from './order.errors.js';

/** What a total is made of: a quantity of a unit price. */
export interface Priced {
  quantity: number;
  unitPrice: Money;
}

/** `quantity × unit price`, in minor units: integers, so every service adds up to the cent. */
export function lineTotal(line: Priced): Money {
  return {
    amount: checkedAmount(line.quantity * line.unitPrice.amount),
    currency: line.unitPrice.currency,
  };
}

/**
 * The sum of the lines in their one currency; `currency` is the answer for no lines.
 * @throws MixedCurrenciesError when the lines use more than one currency.
 */
export function sumOfLines(lines: readonly Priced[], currency?: string): Money {
  const currencies = [...new Set(lines.map((line) => line.unitPrice.currency))];
  if (currencies.length > 1) throw new MixedCurrenciesError(currencies);
  const amount = lines.reduce((sum, line) => sum + lineTotal(line).amount, 0);
  const only = currencies[0] ?? currency;
  if (only === undefined) throw new Error('the currency of an empty sum must be given');
  return { amount: checkedAmount(amount), currency: only };
}

/** Past 2^53 a JavaScript number silently loses cents. */
function checkedAmount(amount: number): number {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`amount ${amount} is not a safe non-negative integer`);
  }
  return amount;
}
