import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { isValidObjectId, Types, type Connection, type Model } from 'mongoose';
import { MONGO_CONNECTION } from '../database/database.module.js';
import { isDuplicateKey } from '../outbox/relay-lease.js';
import { categoryModel, type CategoryDocument } from './category.entity.js';

@Injectable()
export class CategoriesRepository implements OnModuleInit {
  private readonly model: Model<CategoryDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = categoryModel(connection);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Every category, depth-first (parents before their children). */
  async findAll(): Promise<CategoryDocument[]> {
    return this.model.find().sort({ path: 1, _id: 1 }).lean<CategoryDocument[]>().exec();
  }

  async findBySlug(slug: string): Promise<CategoryDocument | null> {
    return this.model.findOne({ slug }).lean<CategoryDocument>().exec();
  }

  /** Inserts a new category under `parent`, its whole path materialized; null: the slug is taken. */
  async insert(
    category: { slug: string; name: string },
    parent: CategoryDocument | null,
  ): Promise<CategoryDocument | null> {
    const _id = new Types.ObjectId();
    const pathSlugs = [...(parent?.pathSlugs ?? []), category.slug];
    const document: CategoryDocument = {
      _id,
      name: category.name,
      slug: category.slug,
      ...(parent && { parentId: parent._id }),
      pathIds: [...(parent?.pathIds ?? []), _id],
      pathSlugs,
      path: pathSlugs.join('/'),
    };
    try {
      await this.model.collection.insertOne(document);
      return document;
    } catch (error) {
      if (isDuplicateKey(error)) return null;
      throw error;
    }
  }

  async findById(id: string): Promise<CategoryDocument | null> {
    if (!isObjectIdHex(id)) return null;
    return this.model.findById(id).lean<CategoryDocument>().exec();
  }

  /**
   * The ids of the category named by `slugOrId` and of every category below it, in one indexed
   * query; empty when there is no such category.
   */
  async subtreeIds(slugOrId: string): Promise<Types.ObjectId[]> {
    const bySlug = { pathSlugs: slugOrId };
    const filter = isObjectIdHex(slugOrId)
      ? { $or: [bySlug, { pathIds: new Types.ObjectId(slugOrId) }] }
      : bySlug;
    const found = await this.model.find(filter, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
    return found.map((category) => category._id);
  }
}

/** A 24-digit hex ObjectId; `isValidObjectId` alone also accepts any 12-character string. */
export function isObjectIdHex(value: string): boolean {
  return /^[0-9a-fA-F]{24}$/.test(value) && isValidObjectId(value);
}
