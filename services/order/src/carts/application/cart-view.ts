import type { CartLine, CartResponse } from '@shop/contracts';
import type { ProductPrice } from '../../prices/price-projection.repository.js';
import { lineTotal, sumOfLines } from '../../orders/domain/money.js';
import type { Cart } from '../domain/cart.js';

/**
 * The cart as the customer sees it, at today's projected prices. A line the projection cannot
 * price in the store's currency is left out (checkout refuses it by name); an archived product
 * is shown at its last price, and checkout refuses it until it is removed.
 */
export function cartView(
  cart: Cart,
  prices: ReadonlyMap<string, ProductPrice>,
  currency: string,
): CartResponse {
  const lines: CartLine[] = [];
  for (const item of cart.lines) {
    const product = prices.get(item.sku);
    if (!product || product.price.currency !== currency) continue;
    const unitPrice = product.price;
    lines.push({
      sku: item.sku,
      name: product.name,
      quantity: item.quantity,
      unitPrice,
      lineTotal: lineTotal({ quantity: item.quantity, unitPrice }),
    });
  }
  return { lines, total: sumOfLines(lines, currency) };
}
