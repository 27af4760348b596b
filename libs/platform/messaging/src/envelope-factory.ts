import { v7 as uuidv7 } from 'uuid';
import type { EventDefinition, EventEnvelope } from '@shop/contracts';
import type { z } from 'zod';

export interface NewEvent<TData> {
  /** The producing service, e.g. `order`. */
  source: string;
  /** The aggregate id: the Kafka key, so one aggregate's events stay in order. */
  subject: string;
  data: TData;
  /** Defaults to the causing event's correlation id, else this event's own id. */
  correlationId?: string;
  /** The id of the event or request that caused this one; defaults to this event's own id. */
  causationId?: string;
  time?: Date;
}

/**
 * Builds an envelope and validates it against the event's schema: an event that does not match
 * its contract never leaves the service.
 */
export function createEnvelope<TType extends string, TData extends z.ZodType>(
  definition: EventDefinition<TType, TData>,
  event: NewEvent<z.infer<TData>>,
): EventEnvelope<z.infer<TData>, TType> {
  const id = uuidv7();
  return definition.envelope.parse({
    id,
    type: definition.type,
    version: definition.version,
    source: event.source,
    time: (event.time ?? new Date()).toISOString(),
    subject: event.subject,
    correlationId: event.correlationId ?? id,
    causationId: event.causationId ?? id,
    data: event.data,
  });
}

/** The envelope of an event caused by another: same correlation id, causation = the cause's id. */
export function causedBy(cause: Pick<EventEnvelope, 'id' | 'correlationId'>): {
  correlationId: string;
  causationId: string;
} {
  return { correlationId: cause.correlationId, causationId: cause.id };
}
