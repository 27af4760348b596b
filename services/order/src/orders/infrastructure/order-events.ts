import type { EntityManager } from 'typeorm';
import { orderCancelled, orderConfirmed, orderPlaced, orderRejected } from '@shop/contracts';
import { createEnvelope, type Outbox } from '@shop/platform-messaging';
import type { Order, OrderChange } from '../domain/order.js';

/** The event or request a change answers, for the envelope's `causationId`. */
export interface Cause {
  causationId?: string;
}

const source = 'order';

/**
 * Writes one outbox event per change, in the caller's transaction: an order's status and the
 * event announcing it commit together or not at all. `correlationId` is the order's saga id.
 */
export async function writeOrderEvents(
  outbox: Outbox,
  manager: EntityManager,
  order: Order,
  changes: readonly OrderChange[],
  cause: Cause,
): Promise<void> {
  const state = order.state;
  const envelope = {
    source,
    subject: state.id,
    correlationId: state.correlationId,
    causationId: cause.causationId,
  };
  for (const change of changes) {
    const time = change.at;
    switch (change.type) {
      case 'placed':
        await outbox.add(
          manager,
          orderPlaced,
          createEnvelope(orderPlaced, {
            ...envelope,
            time,
            data: {
              orderId: state.id,
              customerId: state.customerId,
              lines: state.lines.map(({ sku, quantity, unitPrice }) => ({
                sku,
                quantity,
                unitPrice,
              })),
              total: state.total,
              placedAt: time.toISOString(),
              ...(state.reservationId === undefined ? {} : { reservationId: state.reservationId }),
            },
          }),
        );
        break;
      case 'confirmed':
        await outbox.add(
          manager,
          orderConfirmed,
          createEnvelope(orderConfirmed, {
            ...envelope,
            time,
            data: {
              orderId: state.id,
              reservationId: change.reservationId,
              paymentId: change.paymentId,
              confirmedAt: time.toISOString(),
            },
          }),
        );
        break;
      case 'rejected':
        await outbox.add(
          manager,
          orderRejected,
          createEnvelope(orderRejected, {
            ...envelope,
            time,
            data: { orderId: state.id, reason: change.reason, shortLines: change.shortLines },
          }),
        );
        break;
      case 'cancelled':
        await outbox.add(
          manager,
          orderCancelled,
          createEnvelope(orderCancelled, {
            ...envelope,
            time,
            data: {
              orderId: state.id,
              reason: change.reason,
              previousStatus: change.previousStatus,
              reservationId: change.reservationId,
              cancelledAt: time.toISOString(),
            },
          }),
        );
        break;
    }
  }
}
