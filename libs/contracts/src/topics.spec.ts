import { describe, expect, it } from 'vitest';
import { platformTopics, topics } from './topics.js';

describe('platformTopics', () => {
  it('lists every stream and the dead-letter topic of each group on each stream it reads', () => {
    expect(platformTopics().sort()).toEqual(
      [
        topics.authUser,
        topics.catalogProduct,
        topics.inventoryStock,
        topics.orderOrder,
        'inventory.stock.v1.order.dlq',
        'catalog.product.v1.order.dlq',
        'order.order.v1.inventory.dlq',
        'catalog.product.v1.inventory.dlq',
      ].sort(),
    );
  });

  it('prefixes the topics and the groups of a namespace alike', () => {
    const namespaced = platformTopics('e2e-1.');
    expect(namespaced).toContain('e2e-1.order.order.v1');
    expect(namespaced).toContain('e2e-1.order.order.v1.e2e-1.inventory.dlq');
    expect(namespaced.every((topic) => topic.startsWith('e2e-1.'))).toBe(true);
  });

  it('takes a group id of its own for a group', () => {
    expect(platformTopics('t.', { inventory: 't.inv-7' })).toContain(
      't.order.order.v1.t.inv-7.dlq',
    );
  });
});
