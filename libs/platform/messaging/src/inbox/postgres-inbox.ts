import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@shop/contracts';

/**
 * Runs a consumer's effect at most once per event: the inbox row and the effect commit in one
 * transaction, so a redelivered event finds its row and changes nothing. Two deliveries at once
 * (a rebalance) serialize on the primary key; the second sees a conflict and skips.
 */
export class PostgresInbox {
  constructor(private readonly dataSource: DataSource) {}

  /** True when the effect ran; false when this consumer had already handled the event. */
  async runOnce(
    consumer: string,
    event: Pick<EventEnvelope, 'id' | 'type'>,
    effect: (manager: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO inbox (consumer, event_id, event_type) VALUES ($1, $2, $3)
         ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
        [consumer, event.id, event.type],
      );
      if (inserted.length === 0) return false;
      await effect(manager);
      return true;
    });
  }
}
