import type { OrderStatus } from '@shop/contracts';
import { metrics } from '@shop/platform-telemetry';

/** Business metrics of the order service, on `/metrics`. */
export const orderMetrics = {
  checkouts: metrics.counter(
    'order_checkouts_total',
    'Checkouts answered with an order: placed anew, or replayed for a repeated Idempotency-Key.',
    ['outcome'],
  ),
  outcomes: metrics.counter(
    'order_outcomes_total',
    'Orders reaching a status after PENDING, by status and reason (orders by outcome).',
    ['status', 'reason'],
  ),
  decisionSeconds: metrics.histogram(
    'order_saga_decision_seconds',
    'Time from checkout to the saga’s first decision (CONFIRMED, REJECTED or CANCELLED).',
    ['status'],
    [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
  ),
  payments: metrics.counter(
    'order_payment_authorizations_total',
    'Payment authorizations asked of the provider, by outcome.',
    ['outcome'],
  ),
  ignoredEvents: metrics.counter(
    'order_saga_ignored_events_total',
    'Inventory events the state machine dropped as stale (the order had moved on).',
    ['event_type'],
  ),
  mismatchedHolds: metrics.counter(
    'order_saga_mismatched_holds_total',
    'stock.reserved events dead-lettered because they name another reservation or other lines than the order (forged, or a bug).',
  ),
};

export function recordTransition(
  status: OrderStatus,
  reason: string | undefined,
  from: OrderStatus,
  placedAt: Date,
): void {
  orderMetrics.outcomes.inc({ status, reason: reason ?? 'none' });
  if (from === 'PENDING') {
    orderMetrics.decisionSeconds.observe({ status }, (Date.now() - placedAt.getTime()) / 1000);
  }
}
