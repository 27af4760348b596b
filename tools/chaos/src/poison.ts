/**
 * Unreadable messages for every topic a service consumes, and where each must end up: the
 * consumer group's dead-letter topic (`deadLetterTopic`), with the partition flowing past it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { consumerGroups, deadLetterTopic, topics } from '@shop/contracts';

/** Who consumes what (the contracts' list); topics and groups carry the run's namespace. */
const CONSUMERS = Object.entries(consumerGroups).map(([group, consumed]) => ({
  group,
  topics: consumed,
}));

/** An event type each stream really carries: poison that looks like the real thing. */
const TYPE_OF: Record<string, string> = {
  [topics.inventoryStock]: 'stock.reserved',
  [topics.catalogProduct]: 'product.created',
  [topics.orderOrder]: 'order.placed',
};

export interface Subscription {
  topic: string;
  group: string;
  deadLetters: string;
}

export function subscriptions(namespace: string): Subscription[] {
  return CONSUMERS.flatMap(({ group, topics: consumed }) =>
    consumed.map((topic) => ({
      topic: `${namespace}${topic}`,
      group: `${namespace}${group}`,
      deadLetters: deadLetterTopic(`${namespace}${topic}`, `${namespace}${group}`),
    })),
  );
}

/** The distinct topics of `subscriptions` (one poison message reaches every group on it). */
export function consumedTopics(namespace: string): string[] {
  return [...new Set(subscriptions(namespace).map((s) => s.topic))];
}

function uuidV7(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  const rest = randomBytes(10).toString('hex');
  const variant = ['8', '9', 'a', 'b'][randomBytes(1)[0] % 4];
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rest.slice(0, 3)}-${variant}${rest.slice(3, 6)}-${rest.slice(6, 18)}`;
}

function envelope(type: string, version: number, data: unknown): string {
  const id = uuidV7();
  return JSON.stringify({
    id,
    type,
    version,
    source: 'chaos',
    time: new Date().toISOString(),
    subject: randomUUID(),
    correlationId: id,
    causationId: id,
    data,
  });
}

export interface PoisonMessage {
  kind: string;
  key: string;
  value: Buffer | null;
}

/** Every kind of unreadable message, for one topic, each with a key of its own to find it by. */
export function poisonFor(topic: string): PoisonMessage[] {
  const stream = Object.keys(TYPE_OF).find((name) => topic.endsWith(name)) ?? '';
  const type = TYPE_OF[stream] ?? 'order.placed';
  const kinds: [string, Buffer | null][] = [
    ['not-json', Buffer.from('this is { not json')],
    ['binary', randomBytes(256)],
    ['json-not-an-envelope', Buffer.from('{"hello":"world"}')],
    ['json-array', Buffer.from('[1,2,3]')],
    ['broken-data', Buffer.from(envelope(type, 1, { lines: 'none', total: -1 }))],
    ['wrong-version', Buffer.from(envelope(type, 99, {}))],
    ['unknown-type', Buffer.from(envelope('chaos.exploded', 1, {}))],
    ['envelope-extra-field', Buffer.from(envelope(type, 1, {}).replace(/^\{/, '{"admin":true,'))],
    ['oversize', Buffer.from(JSON.stringify({ padding: 'x'.repeat(600 * 1024) }))],
    ['tombstone', null],
  ];
  return kinds.map(([kind, value]) => ({ kind, key: `chaos-${kind}-${randomUUID()}`, value }));
}
