import type { OrderStatus } from '@shop/contracts';

/**
 * The one state machine of an order. Every status change in the service goes through
 * {@link canTransition}: an event or a request that asks for anything else is refused (a request)
 * or ignored (a stale or duplicate event).
 */
const transitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['CONFIRMED', 'REJECTED', 'CANCELLED'],
  // A confirmed order can still be called off (by the customer, or because its stock was lost).
  CONFIRMED: ['CANCELLED'],
  REJECTED: [],
  CANCELLED: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

/** No transition leaves a terminal status: the saga is over for that order. */
export function isTerminal(status: OrderStatus): boolean {
  return transitions[status].length === 0;
}
