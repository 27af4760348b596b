import {
  envelopeSchema,
  findEvent,
  type EventDefinition,
  type EventEnvelope,
} from '@shop/contracts';

export type Decoded =
  | { kind: 'event'; envelope: EventEnvelope; definition: EventDefinition }
  | { kind: 'unreadable'; reason: string };

function describeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Turns a Kafka message value into a validated event. Anything else (not JSON, not an envelope,
 * an unknown type or version, data that breaks its schema) is unreadable: retrying cannot help,
 * so it goes straight to the dead-letter topic.
 */
export function decode(value: Buffer | null): Decoded {
  if (value === null) return { kind: 'unreadable', reason: 'empty message (tombstone)' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { kind: 'unreadable', reason: `not JSON: ${(error as Error).message}` };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success)
    return {
      kind: 'unreadable',
      reason: `not an event envelope: ${describeIssues(envelope.error.issues)}`,
    };
  const definition = findEvent(envelope.data.type, envelope.data.version);
  if (!definition) {
    return {
      kind: 'unreadable',
      reason: `unknown event ${envelope.data.type} v${envelope.data.version}`,
    };
  }
  const event = definition.envelope.safeParse(json);
  if (!event.success)
    return {
      kind: 'unreadable',
      reason: `invalid ${definition.type}: ${describeIssues(event.error.issues)}`,
    };
  return { kind: 'event', envelope: event.data, definition };
}
