import {
  stockCommitted,
  stockReleased,
  stockReservationFailed,
  stockReserved,
  type EventDefinition,
  type EventEnvelope,
} from '@shop/contracts';
import { createEnvelope } from '@shop/platform-messaging';
import type { Reservation } from '../domain/reservation.entity.js';

export interface OutgoingReservationEvent {
  definition: EventDefinition;
  envelope: EventEnvelope;
}

/** The event a reservation reports on reaching a status at rest (or none for that status). */
export function reservationEvent(reservation: Reservation): OutgoingReservationEvent | undefined {
  const p = reservation.props;
  const base = {
    source: 'inventory',
    subject: p.orderId,
    correlationId: p.correlationId,
    causationId: p.causationId,
  };
  const lines = p.lines.map(({ sku, quantity }) => ({ sku, quantity }));
  const ids = { orderId: p.orderId, reservationId: p.reservationId };
  switch (p.status) {
    case 'RESERVED':
      return {
        definition: stockReserved,
        envelope: createEnvelope(stockReserved, {
          ...base,
          data: { ...ids, lines, expiresAt: p.expiresAt.toISOString() },
        }),
      };
    case 'FAILED':
      return {
        definition: stockReservationFailed,
        envelope: createEnvelope(stockReservationFailed, {
          ...base,
          data: { orderId: p.orderId, shortLines: p.shortLines.map((line) => ({ ...line })) },
        }),
      };
    case 'COMMITTED':
      return {
        definition: stockCommitted,
        envelope: createEnvelope(stockCommitted, { ...base, data: { ...ids, lines } }),
      };
    case 'RELEASED':
    case 'RESTOCKED':
      return {
        definition: stockReleased,
        envelope: createEnvelope(stockReleased, {
          ...base,
          data: { ...ids, lines, reason: p.releaseReason ?? 'cancelled' },
        }),
      };
    default:
      return undefined;
  }
}
