import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Types, type Connection, type Model, type mongo, type QueryFilter } from 'mongoose';
import type { ProductSort } from '@shop/contracts';
import { MONGO_CONNECTION } from '../database/database.module.js';
import { isDuplicateKey } from '../outbox/relay-lease.js';
import type { CursorPosition } from './cursor.js';
import {
  afterPosition,
  baseFilter,
  relevanceBucket,
  sortKeyOf,
  sortSpec,
  type ListFilters,
} from './list-query.js';
import {
  MAX_PENDING_EVENTS,
  productCollection,
  productModel,
  type PendingEvent,
  type ProductDocument,
} from './product.entity.js';

/** Reads never need the search terms or the pending events, which are most of a document. */
const READ_PROJECTION = { searchTerms: 0, nameTerms: 0, pendingEvents: 0, pendingSince: 0 };

/** One page of a listing: the products and their sort keys, and whether more follow. */
export interface ListedPage {
  products: { product: ProductDocument; position: CursorPosition }[];
  hasMore: boolean;
}

export interface ListRequest {
  filters: ListFilters;
  sort: ProductSort;
  after?: CursorPosition;
  limit: number;
}

/** Why a conditional write matched nothing or failed. */
export type WriteOutcome = 'written' | 'missed' | 'duplicate';

@Injectable()
export class ProductsRepository implements OnModuleInit {
  private readonly model: Model<ProductDocument>;
  private readonly collection: mongo.Collection<ProductDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = productModel(connection);
    this.collection = productCollection(connection);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  async findById(id: string): Promise<ProductDocument | null> {
    return this.model
      .findById(new Types.ObjectId(id), READ_PROJECTION)
      .lean<ProductDocument>()
      .exec();
  }

  async findBySlug(slug: string): Promise<ProductDocument | null> {
    return this.model.findOne({ slug }, READ_PROJECTION).lean<ProductDocument>().exec();
  }

  async existsWithSku(sku: string): Promise<boolean> {
    return (await this.model.exists({ sku })) !== null;
  }

  /** Inserts a product with its `product.created` event in the document (one atomic write). */
  async insert(product: ProductDocument): Promise<WriteOutcome> {
    try {
      await this.collection.insertOne(product);
      return 'written';
    } catch (error) {
      if (isDuplicateKey(error)) return 'duplicate';
      throw error;
    }
  }

  /**
   * Replaces the product's state with `next` and appends `event`, in one atomic single-document
   * update, if the product is still at `expectedVersion` and its backlog of unpublished events
   * is not full. `missed` when any of that does not hold (the caller finds out which).
   */
  async replace(
    expectedVersion: number,
    next: ProductDocument,
    event: PendingEvent,
  ): Promise<WriteOutcome> {
    const { description, ...state } = mutableState(next);
    try {
      const result = await this.collection.updateOne(
        {
          _id: next._id,
          version: expectedVersion,
          [`pendingEvents.${MAX_PENDING_EVENTS - 1}`]: { $exists: false },
        },
        {
          $set: { ...state, ...(description !== undefined && { description }) },
          ...(description === undefined && { $unset: { description: '' } }),
          $push: { pendingEvents: event },
          $min: { pendingSince: event.createdAt },
        },
      );
      return result.matchedCount === 1 ? 'written' : 'missed';
    } catch (error) {
      if (isDuplicateKey(error)) return 'duplicate';
      throw error;
    }
  }

  /** One page of active products in `sort` order, strictly after `after`. */
  async listPage(request: ListRequest): Promise<ListedPage> {
    return request.sort === 'relevance' ? this.listByRelevance(request) : this.listByKey(request);
  }

  private async listByKey({ filters, sort, after, limit }: ListRequest): Promise<ListedPage> {
    const keyed = sort as Exclude<ProductSort, 'relevance'>;
    const base = baseFilter(filters);
    const filter = after ? { $and: [base, afterPosition(keyed, after)] } : base;
    const found = await this.find(filter, sortSpec(keyed), limit + 1);
    return page(
      found.map((product) => ({
        product,
        position: { key: sortKeyOf(keyed, product), id: product._id.toHexString() },
      })),
      limit,
    );
  }

  /**
   * Relevance pages walk the score buckets from the best down (see `relevanceBucket`): at most
   * one query per possible score, each an indexed query sorted by _id, so a page costs the same
   * however many products match.
   */
  private async listByRelevance({ filters, after, limit }: ListRequest): Promise<ListedPage> {
    const base = baseFilter(filters);
    const collected: ListedPage['products'] = [];
    // A hand-made cursor could name a score above what these tokens allow.
    const top = Math.min(after ? Number(after.key) : Infinity, filters.tokens.length);
    for (let score = top; score >= 0 && collected.length <= limit; score--) {
      const clauses: QueryFilter<ProductDocument>[] = [
        base,
        relevanceBucket(filters.tokens, score),
      ];
      if (after && score === top) clauses.push({ _id: { $gt: new Types.ObjectId(after.id) } });
      const found = await this.find({ $and: clauses }, { _id: 1 }, limit + 1 - collected.length);
      for (const product of found) {
        collected.push({ product, position: { key: score, id: product._id.toHexString() } });
      }
    }
    return page(collected, limit);
  }

  private async find(
    filter: QueryFilter<ProductDocument>,
    sort: Record<string, 1 | -1>,
    limit: number,
  ): Promise<ProductDocument[]> {
    return this.model
      .find(filter, READ_PROJECTION)
      .sort(sort)
      .limit(limit)
      .lean<ProductDocument[]>()
      .exec();
  }
}

function page(found: ListedPage['products'], limit: number): ListedPage {
  return { products: found.slice(0, limit), hasMore: found.length > limit };
}

/** Everything a write may change; never the id, SKU, creation time or the pending events. */
function mutableState(product: ProductDocument) {
  return {
    name: product.name,
    nameKey: product.nameKey,
    slug: product.slug,
    description: product.description,
    categoryId: product.categoryId,
    price: product.price,
    attributes: product.attributes,
    images: product.images,
    status: product.status,
    version: product.version,
    updatedAt: product.updatedAt,
    // Absent when `product` came from a projected read and its name did not change (archiving).
    ...(product.searchTerms && { searchTerms: product.searchTerms, nameTerms: product.nameTerms }),
  };
}
