/**
 * An event written on a stock or reservation row in the same lightweight transaction as the
 * change it reports, and not yet acknowledged by Kafka. Its envelope is stored whole, so every
 * republication carries the same id and consumers deduplicate it.
 */
export interface PendingEvent {
  readonly id: string;
  /** The serialized envelope. */
  readonly json: string;
}

/** Where pending events live: the stock rows (admin adjustments) or the reservations. */
export interface PendingEventSource {
  /** Stored in the relay's pointers: `stock` or `reservation`. */
  readonly name: string;
  /** The events of one aggregate still marked unpublished. */
  pendingEvents(key: string): Promise<PendingEvent[]>;
  /** Marks one published (removes it from the row, with a lightweight transaction). */
  markPublished(key: string, eventId: string): Promise<void>;
}

export function pendingEventsOf(map: Record<string, string> | null | undefined): PendingEvent[] {
  return Object.entries(map ?? {})
    .map(([id, json]) => ({ id, json }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
