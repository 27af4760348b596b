/**
 * One Kafka topic per aggregate stream, keyed by the aggregate id so that one aggregate's events
 * stay in order. The `.v1` suffix versions the stream, not the events: a breaking change to the
 * stream's keying or meaning gets a new topic.
 */
export const topics = {
  authUser: 'auth.user.v1',
  catalogProduct: 'catalog.product.v1',
  inventoryStock: 'inventory.stock.v1',
  orderOrder: 'order.order.v1',
} as const;

export type Topic = (typeof topics)[keyof typeof topics];

/** Where a consumer group's unreadable or repeatedly failing messages go. */
export function deadLetterTopic(topic: string, consumerGroup: string): string {
  return `${topic}.${consumerGroup}.dlq`;
}

/**
 * Who consumes what, by the consumer group each consuming service joins by default
 * (`KAFKA_GROUP_ID`): each group also has a dead-letter topic per stream it reads.
 */
export const consumerGroups: Readonly<Record<string, readonly Topic[]>> = {
  order: [topics.inventoryStock, topics.catalogProduct],
  inventory: [topics.orderOrder, topics.catalogProduct],
};

/**
 * Every topic the platform needs, dead-letter topics included: what the topics' owner (the
 * launcher, the chart's hook Job) creates before the services start. `namespace` prefixes the
 * topics and the groups alike, as `KAFKA_TOPIC_PREFIX` and the launcher's `KAFKA_GROUP_ID` do.
 */
export function platformTopics(
  namespace = '',
  /** A group id other than `<namespace><group>` (tests that name their groups themselves). */
  groupIds: Readonly<Record<string, string>> = {},
): string[] {
  const streams = Object.values(topics).map((topic) => `${namespace}${topic}`);
  const deadLetters = Object.entries(consumerGroups).flatMap(([group, consumed]) => {
    const groupId = groupIds[group] ?? `${namespace}${group}`;
    return consumed.map((topic) => deadLetterTopic(`${namespace}${topic}`, groupId));
  });
  return [...streams, ...deadLetters];
}
