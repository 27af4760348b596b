import { stockAdjusted } from '@shop/contracts';
import { createEnvelope } from '@shop/platform-messaging';
import type { EventPublication } from '../../events/event-publication.service.js';
import type { Movement } from '../domain/movement.entity.js';
import { adjustAvailable, setAvailable, type StockLevel } from '../domain/stock.entity.js';
import { SkuNotFoundError } from '../domain/stock.errors.js';
import type { LedgerPosition } from '../infrastructure/ledger.repository.js';
import type { LedgerRepository } from '../infrastructure/ledger.repository.js';
import type { StockRepository } from '../infrastructure/stock.repository.js';
import type { StockWriter } from './stock-writer.service.js';

export interface AdminChange {
  sku: string;
  reason: string;
  /** The admin's user id, kept as the movement's reference. */
  userId: string;
}

/** Stock outside the order flow: the catalog's new SKUs, admins' corrections, the storefront's reads. */
export class StockService {
  constructor(
    private readonly stock: StockRepository,
    private readonly ledger: LedgerRepository,
    private readonly writer: StockWriter,
    private readonly publication: EventPublication,
    private readonly onPublishError: (error: unknown) => void = () => undefined,
  ) {}

  /** A new product's SKU gets a stock row at zero (nothing if it has one). */
  async stockNewSku(sku: string): Promise<void> {
    await this.stock.ensure(sku);
  }

  async level(sku: string): Promise<StockLevel> {
    const record = await this.stock.find(sku);
    if (!record) throw new SkuNotFoundError(sku);
    return record.level;
  }

  /** Available units per SKU; SKUs inventory does not know have none. */
  async availability(skus: readonly string[]): Promise<{ sku: string; available: number }[]> {
    const found = await this.stock.availability(skus);
    return skus.map((sku) => ({ sku, available: found.get(sku) ?? 0 }));
  }

  /** Sets the available units (a stock take); creates the SKU's row if needed. */
  async setAvailable(change: AdminChange & { available: number }): Promise<StockLevel> {
    await this.stock.ensure(change.sku);
    return this.change(change, 'set', (level) => setAvailable(level, change.available));
  }

  /** Adds (a delivery) or removes (a write-off) available units. */
  async adjust(change: AdminChange & { delta: number }): Promise<StockLevel> {
    return this.change(change, 'adjust', (level) => adjustAvailable(level, change.delta));
  }

  /** The SKU's movements, newest first. */
  async movements(
    sku: string,
    limit: number,
    after?: LedgerPosition,
  ): Promise<{ items: Movement[]; next?: LedgerPosition }> {
    // The latest movement may be on the row only, if its writer died before projecting it.
    if (!(await this.writer.syncLedger(sku))) throw new SkuNotFoundError(sku);
    return this.ledger.page(sku, limit, after);
  }

  private async change(
    change: AdminChange,
    kind: 'set' | 'adjust',
    apply: Parameters<StockWriter['changeLevel']>[0]['change'],
  ): Promise<StockLevel> {
    const result = await this.writer.changeLevel({
      sku: change.sku,
      kind,
      change: apply,
      reference: change.userId,
      reason: change.reason,
      event: (next, delta) =>
        this.publication.prepare(
          this.stock,
          change.sku,
          stockAdjusted,
          createEnvelope(stockAdjusted, {
            source: 'inventory',
            subject: change.sku,
            data: {
              sku: change.sku,
              available: next.available,
              delta: delta.available,
              reason: change.reason,
              stockVersion: next.version,
            },
          }),
        ),
    });
    if (result.event) {
      // The change is made: if Kafka is down now, the relay publishes the event later.
      await this.publication
        .publish(this.stock, change.sku, [result.event])
        .catch((error: unknown) => this.onPublishError(error));
    }
    return result.level;
  }
}
