import { randomUUID } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { categoryModel, type CategoryDocument } from '../categories/category.entity.js';
import { pendingEventFor } from '../products/product.event.js';
import { productCollection, productModel } from '../products/product.entity.js';
import { newProduct } from '../products/product-document.js';
import { isDuplicateKey } from '../outbox/relay-lease.js';
import { seedCategories, seedProducts, type SeedProduct } from './catalog-data.js';

export interface SeedOptions {
  products: number;
  /** Progress lines. */
  log?: (line: string) => void;
  currency?: string;
}

export interface SeedResult {
  categoriesInserted: number;
  productsInserted: number;
  productsExisting: number;
}

const BATCH = 100;

/**
 * Writes the deterministic demo catalog. Idempotent: categories are upserted by slug and
 * products inserted by SKU when absent, so a second run changes nothing. A product inserted by
 * this run carries its `product.created` event in `pendingEvents`, exactly like an admin create:
 * the service's relay publishes it, and downstream projections fill up.
 */
export async function seedCatalog(
  connection: Connection,
  options: SeedOptions,
): Promise<SeedResult> {
  const log = options.log ?? (() => undefined);
  await categoryModel(connection).createIndexes();
  await productModel(connection).createIndexes();
  const { ids, inserted } = await seedCategoryTree(connection);
  log(`categories: ${seedCategories.length} (${inserted} new)`);
  const products = seedProducts(options.products);
  const correlationId = `seed-${randomUUID()}`;
  let productsInserted = 0;
  for (let start = 0; start < products.length; start += BATCH) {
    const batch = products.slice(start, start + BATCH);
    productsInserted += await insertMissingProducts(
      connection,
      batch,
      ids,
      options.currency ?? 'EUR',
      correlationId,
    );
    log(
      `products: ${Math.min(start + BATCH, products.length)}/${products.length} (${productsInserted} new)`,
    );
  }
  return {
    categoriesInserted: inserted,
    productsInserted,
    productsExisting: products.length - productsInserted,
  };
}

/** Parents before children (the list's order), each with the ids of its whole path. */
async function seedCategoryTree(
  connection: Connection,
): Promise<{ ids: Map<string, Types.ObjectId>; inserted: number }> {
  const model = categoryModel(connection);
  const stored = new Map<string, CategoryDocument>();
  let inserted = 0;
  for (const category of seedCategories) {
    const parent = category.parent === undefined ? undefined : stored.get(category.parent);
    const pathIds = [...(parent?.pathIds ?? [])];
    const pathSlugs = [...(parent?.pathSlugs ?? []), category.slug];
    const _id = new Types.ObjectId();
    const result = await model.collection.updateOne(
      { slug: category.slug },
      {
        $setOnInsert: {
          _id,
          name: category.name,
          slug: category.slug,
          ...(parent && { parentId: parent._id }),
          pathIds: [...pathIds, _id],
          pathSlugs,
          path: pathSlugs.join('/'),
        },
      },
      { upsert: true },
    );
    inserted += result.upsertedCount;
    const saved = await model.findOne({ slug: category.slug }).lean<CategoryDocument>().orFail();
    stored.set(category.slug, saved);
  }
  return { ids: new Map([...stored].map(([slug, category]) => [slug, category._id])), inserted };
}

/**
 * Inserts the batch's products that are not there yet, found by SKU. Not one upsert per product:
 * FerretDB on SQLite scans the collection for every upsert filter, which made a 1000-product
 * seed take minutes; one `$in` read and one unordered insert take two scans. The unique SKU index
 * still decides: a product a concurrent seed inserted first is a duplicate, and skipped.
 */
async function insertMissingProducts(
  connection: Connection,
  batch: SeedProduct[],
  categoryIds: Map<string, Types.ObjectId>,
  currency: string,
  correlationId: string,
): Promise<number> {
  const collection = productCollection(connection);
  const existing = await collection
    .find({ sku: { $in: batch.map((seed) => seed.sku) } }, { projection: { sku: 1 } })
    .toArray();
  const known = new Set(existing.map((product) => product.sku));
  const missing = batch.filter((seed) => !known.has(seed.sku));
  if (missing.length === 0) return 0;
  const products = missing.map((seed) => {
    const categoryId = categoryIds.get(seed.category);
    if (!categoryId)
      throw new Error(`seed product ${seed.sku} names unknown category ${seed.category}`);
    const product = newProduct(
      { ...seed, categoryId, price: { amount: seed.price, currency } },
      seed.createdAt,
    );
    product.pendingEvents = [pendingEventFor('product.created', product, { correlationId })];
    product.pendingSince = new Date();
    return product;
  });
  try {
    return (await collection.insertMany(products, { ordered: false })).insertedCount;
  } catch (error) {
    if (isBulkOfDuplicates(error)) return error.insertedCount;
    throw error;
  }
}

/** An unordered insert whose only failures are duplicate keys: the others went in. */
function isBulkOfDuplicates(error: unknown): error is { insertedCount: number } {
  if (typeof error !== 'object' || error === null) return false;
  const { writeErrors, insertedCount } = error as {
    writeErrors?: unknown;
    insertedCount?: unknown;
  };
  const errors = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return (
    typeof insertedCount === 'number' &&
    errors.length > 0 &&
    errors.every((item) => isDuplicateKey(item) || isDuplicateKey((item as { err?: unknown }).err))
  );
}
