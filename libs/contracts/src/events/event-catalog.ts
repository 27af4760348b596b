import type { EventDefinition, EventOf } from '../define-event.js';
import type { Topic } from '../topics.js';
import { userRegistered } from './auth/user-registered.event.js';
import { productArchived } from './catalog/product-archived.event.js';
import { productCreated } from './catalog/product-created.event.js';
import { productUpdated } from './catalog/product-updated.event.js';
import { stockAdjusted } from './inventory/stock-adjusted.event.js';
import { stockCommitted } from './inventory/stock-committed.event.js';
import { stockReleased } from './inventory/stock-released.event.js';
import { stockReservationFailed } from './inventory/stock-reservation-failed.event.js';
import { stockReserved } from './inventory/stock-reserved.event.js';
import { orderCancelled } from './order/order-cancelled.event.js';
import { orderConfirmed } from './order/order-confirmed.event.js';
import { orderPlaced } from './order/order-placed.event.js';
import { orderRejected } from './order/order-rejected.event.js';

/**
 * Every event definition, grouped by topic. A tuple rather than an array so that `AnyEvent` and
 * the tests keep each event's own type; an event missing here is missing from the AsyncAPI
 * document and from `findEvent`, so consumers could not read it.
 */
export const eventCatalog = [
  userRegistered,
  productCreated,
  productUpdated,
  productArchived,
  stockReserved,
  stockReservationFailed,
  stockReleased,
  stockCommitted,
  stockAdjusted,
  orderPlaced,
  orderConfirmed,
  orderRejected,
  orderCancelled,
] as const satisfies readonly EventDefinition[];

/** Any event of the catalog, discriminated by `type`. */
export type AnyEvent = EventOf<(typeof eventCatalog)[number]>;

/** The wire name of any event of the catalog. */
export type EventType = AnyEvent['type'];

const byTypeAndVersion = new Map<string, EventDefinition>(
  eventCatalog.map((definition) => [`${definition.type}@${definition.version}`, definition]),
);

/** The definition to parse a message with, from its `event-type` and `event-version` headers. */
export function findEvent(type: string, version: number): EventDefinition | undefined {
  return byTypeAndVersion.get(`${type}@${version}`);
}

/** The events published on one topic, in catalog order. */
export function eventsOfTopic(topic: Topic): readonly EventDefinition[] {
  return eventCatalog.filter((definition) => definition.topic === topic);
}
