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

/**
 * A `stock.reserved` as someone who can write to the stock topic but is not inventory would send
 * it: well-formed, about a real order, holding other lines under a reservation id of its own
 * (issue 18, finding 3). The order service must dead-letter it, never confirm the order.
 */
export function forgedStockReserved(
  namespace: string,
  orderId: string,
  lines: { sku: string; quantity: number }[],
): { topic: string; group: string; deadLetters: string; id: string; key: string; value: string } {
  const subscription = subscriptions(namespace).find(
    (s) => s.topic === `${namespace}${topics.inventoryStock}` && s.group === `${namespace}order`,
  );
  if (!subscription) throw new Error('the order service consumes the stock topic');
  const value = JSON.parse(
    envelope('stock.reserved', 1, {
      orderId,
      reservationId: randomUUID(),
      lines,
      expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    }),
  ) as { id: string };
  const event = { ...value, source: 'inventory', subject: orderId };
  return { ...subscription, id: event.id, key: orderId, value: JSON.stringify(event) };
}
