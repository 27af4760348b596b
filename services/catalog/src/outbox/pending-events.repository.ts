import { Inject, Injectable } from '@nestjs/common';
import type { Connection, mongo } from 'mongoose';
import { MONGO_CONNECTION, ProductWriteLock } from '../database/database.module.js';
import { productCollection, type ProductDocument } from '../products/product.entity.js';

/** A product as the relay reads it: its version and its unpublished events. */
export type PendingProduct = Pick<ProductDocument, '_id' | 'version' | 'pendingEvents'>;

const EPOCH = new Date(0);

/** The relay's reads and writes of the `pendingEvents` in product documents. */
@Injectable()
export class PendingEventsRepository {
  private readonly products: mongo.Collection<ProductDocument>;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    private readonly writeLock: ProductWriteLock,
  ) {
    this.products = productCollection(connection);
  }

  /** Up to `limit` products with unpublished events, the longest waiting first. */
  async oldest(limit: number): Promise<PendingProduct[]> {
    return this.products
      .find(
        { pendingSince: { $gt: EPOCH } },
        { projection: { version: 1, pendingEvents: 1 }, sort: { pendingSince: 1, _id: 1 }, limit },
      )
      .toArray();
  }

  /**
   * Removes exactly the published events. Usually the products have not been written to since
   * they were read, which their unchanged `version` proves (every write raises it and pushes an
   * event; only this removal changes the array otherwise): one update then clears all of them,
   * with `pendingSince`. It compares versions, not arrays: on FerretDB every update is a scan,
   * and comparing 100 arrays against each document of it took seconds. Products written to
   * since keep their array; for those, the published elements are pulled by exact value
   * (FerretDB ignores a `$pull` with a condition such as `{ id: { $in } }`: it reports success
   * and removes nothing, while an exact element matches on both). Their new events stay, and so
   * does `pendingSince`.
   */
  async removePublished(products: PendingProduct[]): Promise<void> {
    if (products.length === 0) return;
    const ids = products.map((product) => product._id.toHexString());
    await this.writeLock.runAll(ids, async () => {
      const cleared = await this.products.updateMany(
        { $or: products.map(({ _id, version }) => ({ _id, version })) },
        { $set: { pendingEvents: [] }, $unset: { pendingSince: '' } },
      );
      if (cleared.matchedCount === products.length) return;
      const unchanged = await this.products
        .find(
          { $or: products.map(({ _id, version }) => ({ _id, version })) },
          { projection: { _id: 1 } },
        )
        .toArray();
      const done = new Set(unchanged.map((product) => product._id.toHexString()));
      for (const product of products) {
        if (!done.has(product._id.toHexString())) await this.pullPublished(product);
      }
    });
  }

  private async pullPublished(product: PendingProduct): Promise<void> {
    if (product.pendingEvents.length > 0) {
      await this.products.updateOne(
        { _id: product._id },
        { $pullAll: { pendingEvents: product.pendingEvents } },
      );
    }
    await this.products.updateOne(
      { _id: product._id, pendingEvents: { $size: 0 } },
      { $unset: { pendingSince: '' } },
    );
  }

  /** Unpublished events in every product (the `outbox_pending_events` gauge). */
  async pendingCount(): Promise<number> {
    const [result] = await this.products
      .aggregate<{ n: number }>([
        { $match: { pendingSince: { $gt: EPOCH } } },
        { $unwind: '$pendingEvents' },
        { $count: 'n' },
      ])
      .toArray();
    return result?.n ?? 0;
  }

  /** Seconds since the oldest unpublished event was written; 0 when none is waiting. */
  async oldestAgeSeconds(): Promise<number> {
    const oldest = await this.products.findOne(
      { pendingSince: { $gt: EPOCH } },
      { projection: { pendingSince: 1 }, sort: { pendingSince: 1 } },
    );
    return oldest?.pendingSince ? (Date.now() - oldest.pendingSince.getTime()) / 1000 : 0;
  }
}
