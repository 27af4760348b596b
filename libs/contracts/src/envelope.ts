import { z } from 'zod';

/** UUID v7: time-ordered, so ids sort by creation and index well. */
export const uuidV7 = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    'must be a lowercase UUID v7',
  );

/**
 * The envelope every event travels in. `id` is the deduplication key of every inbox; `subject`
 * is the aggregate id and the Kafka message key.
 */
export const envelopeSchema = z.strictObject({
  /** UUID v7, unique per event: the deduplication key. */
  id: uuidV7,
  /** Wire name, e.g. `order.placed`. Never a class name. */
  type: z.string().regex(/^[a-z]+(\.[a-z-]+)+$/, 'must be a dotted lowercase wire name'),
  /** Version of the `data` schema for this type. */
  version: z.number().int().positive(),
  /** The service that produced the event, e.g. `order`. */
  source: z.string().min(1).max(64),
  /** When the fact happened (RFC 3339, UTC). */
  time: z.iso.datetime({ offset: true }),
  /** The aggregate id: the Kafka message key. */
  subject: z.string().min(1).max(128),
  /** The id shared by every event of one business flow (one checkout). */
  correlationId: z.string().min(1).max(128),
  /** The id of the event or request that caused this one. */
  causationId: z.string().min(1).max(128),
  data: z.unknown(),
});

export type EventEnvelope<TData = unknown, TType extends string = string> = Omit<
  z.infer<typeof envelopeSchema>,
  'data' | 'type'
> & {
  type: TType;
  data: TData;
};
