import { Schema, type Connection, type Model, type mongo, type Types } from 'mongoose';
import type { Money, ProductStatus } from '@shop/contracts';
import { nativeDb } from '../database/database.module.js';

/**
 * An event written into its product's document by the same atomic update that made the change,
 * and removed by the relay once Kafka has acknowledged it: MongoDB's outbox without transactions.
 * Stored serialized, exactly as it will be published.
 */
export interface PendingEvent {
  /** The envelope id (UUID v7): the consumers' deduplication key. */
  id: string;
  type: string;
  version: number;
  /** The topic without the environment prefix, which the relay adds. */
  topic: string;
  /** The Kafka key: the product id. */
  key: string;
  /** The serialized envelope. */
  value: string;
  /** Trace context of the request that wrote it, so the publish continues that trace. */
  traceHeaders: Record<string, string>;
  createdAt: Date;
}

export interface ProductDocument {
  _id: Types.ObjectId;
  sku: string;
  name: string;
  /** The name normalized for sorting (lower case, accents folded, 64 characters at most). */
  nameKey: string;
  slug: string;
  description?: string;
  categoryId: Types.ObjectId;
  price: Money;
  attributes: { key: string; value: string }[];
  images: string[];
  status: ProductStatus;
  /** Raised by one on every change; the `If-Match` / `ETag` and the events' `productVersion`. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** See `search-terms.ts`. */
  searchTerms: string[];
  nameTerms: string[];
  /** Oldest first; see {@link PendingEvent}. */
  pendingEvents: PendingEvent[];
  /**
   * When the oldest pending event was written; absent when none is. The relay finds work through
   * an index on it instead of scanning every product's array.
   */
  pendingSince?: Date;
}

const productSchema = new Schema<ProductDocument>(
  {
    sku: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    slug: { type: String, required: true },
    description: { type: String },
    categoryId: { type: Schema.Types.ObjectId, required: true },
    price: {
      type: new Schema({ amount: Number, currency: String }, { _id: false }),
      required: true,
    },
    attributes: {
      type: [new Schema({ key: String, value: String }, { _id: false })],
      default: [],
    },
    images: { type: [String], default: [] },
    status: { type: String, required: true, enum: ['active', 'archived'] },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    searchTerms: { type: [String], default: [] },
    nameTerms: { type: [String], default: [] },
    // Mixed: mongoose must not cast (reorder, add `_id` to) these elements. The relay removes them
    // by exact value (`$pullAll`), which only matches what was stored byte for byte.
    pendingEvents: { type: Schema.Types.Mixed, default: [] },
    pendingSince: { type: Date },
  },
  { collection: 'products', versionKey: false, strict: 'throw' },
);

productSchema.index({ sku: 1 }, { unique: true });
productSchema.index({ slug: 1 }, { unique: true });
// One index per storefront sort, each ending in _id: the keyset's tie-breaker.
productSchema.index({ status: 1, 'price.amount': 1, _id: 1 });
productSchema.index({ status: 1, nameKey: 1, _id: 1 });
productSchema.index({ status: 1, createdAt: -1, _id: -1 });
productSchema.index({ categoryId: 1, status: 1 });
productSchema.index({ searchTerms: 1, status: 1 });
productSchema.index({ pendingSince: 1 });

/** The product model of `connection`, defined once per connection. */
export function productModel(connection: Connection): Model<ProductDocument> {
  return (
    (connection.models.Product as Model<ProductDocument> | undefined) ??
    connection.model<ProductDocument>('Product', productSchema)
  );
}

/**
 * The products collection through the driver itself, for the writes whose exact shape matters
 * (the atomic state-plus-event updates, the relay's removals): no casting, no buffering.
 */
export function productCollection(connection: Connection): mongo.Collection<ProductDocument> {
  return nativeDb(connection).collection<ProductDocument>('products');
}

/** Most unpublished events one product may hold before writes to it are refused. */
export const MAX_PENDING_EVENTS = 100;
