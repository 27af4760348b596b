/**
 * `npm run seed:catalog`: the deterministic demo catalog (32 categories, 1000 products by
 * default) in the catalog's MongoDB. Safe to run again. The `product.created` events wait in the
 * products until the catalog service's relay publishes them.
 *
 *   MONGODB_URL=mongodb://127.0.0.1:27019/ npm run seed:catalog
 */
import { env, loadConfigOrExit } from '@shop/platform-config';
import { createRedis } from '../cache/cache.module.js';
import { LIST_GENERATION_KEY } from '../cache/cache.service.js';
import { catalogEnvFields } from '../config/catalog.config.js';
import { connectMongo } from '../database/database.module.js';
import { seedCatalog } from './seed-catalog.js';

const config = loadConfigOrExit(
  'catalog seed',
  catalogEnvFields
    .pick({
      MONGODB_URL: true,
      MONGODB_DATABASE: true,
      STORE_CURRENCY: true,
      REDIS_KEY_PREFIX: true,
    })
    .extend({
      SEED_PRODUCTS: env.positiveInt().max(100_000).default(1000),
      /** Optional: when given, cached list pages are retired once the products are in. */
      REDIS_URL: catalogEnvFields.shape.REDIS_URL.optional(),
    }),
);

const print = (line: string) => process.stdout.write(`${line}\n`);
const started = performance.now();
const connection = await connectMongo(config.MONGODB_URL, config.MONGODB_DATABASE);
try {
  print(`seeding ${config.MONGODB_DATABASE} with ${config.SEED_PRODUCTS} products…`);
  const result = await seedCatalog(connection, {
    products: config.SEED_PRODUCTS,
    currency: config.STORE_CURRENCY,
    log: print,
  });
  print(
    `done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${result.productsInserted} products inserted, ${result.productsExisting} already there`,
  );
  if (config.REDIS_URL && result.productsInserted > 0) await retireListPages(config.REDIS_URL);
} finally {
  await connection.close();
}

/** Best effort: without it, cached list pages show the old catalog for at most one TTL. */
async function retireListPages(url: string): Promise<void> {
  const redis = createRedis({ REDIS_URL: url, REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX });
  redis.on('error', () => undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      redis.once('ready', resolve);
      setTimeout(() => reject(new Error('Redis did not answer')), 2_000).unref();
    });
    await redis.incr(LIST_GENERATION_KEY);
  } catch (error) {
    print(`note: list pages stay cached until their TTL (${String(error)})`);
  } finally {
    redis.disconnect();
  }
}
