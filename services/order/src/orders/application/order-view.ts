import type { OrderResponse } from '@shop/contracts';
import { lineTotal } from '../domain/money.js';
import type { Order } from '../domain/order.js';

/** An order as the storefront API shows it (`orderResponseSchema`). */
export function toOrderResponse(order: Order): OrderResponse {
  const s = order.state;
  return {
    id: s.id,
    status: s.status,
    lines: s.lines.map((line) => ({
      sku: line.sku,
      ...(line.name !== undefined && { name: line.name }),
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      lineTotal: lineTotal(line),
    })),
    total: s.total,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    ...(s.statusReason !== undefined && { statusReason: s.statusReason }),
  };
}
