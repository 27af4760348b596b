import { z } from 'zod';
import { envelopeSchema, type EventEnvelope } from './envelope.js';
import type { Topic } from './topics.js';

/** An event type: its wire name, version, topic and the runtime schema of its data. */
export interface EventDefinition<
  TType extends string = string,
  TData extends z.ZodType = z.ZodType,
> {
  readonly type: TType;
  readonly version: number;
  readonly topic: Topic;
  /** One sentence for the AsyncAPI document. */
  readonly description: string;
  readonly data: TData;
  /** The whole envelope with this event's `type`, `version` and `data`. */
  readonly envelope: z.ZodType<EventEnvelope<z.infer<TData>, TType>>;
}

export type EventOf<TDefinition> =
  TDefinition extends EventDefinition<infer TType, infer TData>
    ? EventEnvelope<z.infer<TData>, TType>
    : never;

export function defineEvent<TType extends string, TData extends z.ZodType>(spec: {
  type: TType;
  version: number;
  topic: Topic;
  description: string;
  data: TData;
}): EventDefinition<TType, TData> {
  const envelope = envelopeSchema.extend({
    type: z.literal(spec.type),
    version: z.literal(spec.version),
    data: spec.data,
  }) as unknown as z.ZodType<EventEnvelope<z.infer<TData>, TType>>;
  return Object.freeze({ ...spec, envelope });
}
