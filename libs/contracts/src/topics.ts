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
