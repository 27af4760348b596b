/**
 * `npm run seed -- --base-url <storefront API> [--products N]`: the demo data set through the
 * admin APIs, against any deployment. The admin comes from SEED_ADMIN_EMAIL and
 * SEED_ADMIN_PASSWORD (the chart's seed Job reads them from an existing Secret). Built into the
 * catalog image as `dist/seed/demo-seed.cli.js`. Exit code 0 seeded (or already was), 1 failed,
 * 2 bad arguments.
 *
 *   SEED_ADMIN_EMAIL=admin@shop.local SEED_ADMIN_PASSWORD=... npm run seed -- \
 *     --base-url http://127.0.0.1:3000/api/v1 --products 200
 *
 * `--auth-url`, `--catalog-url` and `--inventory-url` name each service instead (npm start, and
 * inside a cluster, where the services' own ports skip the gateway's rate limits).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { seedDemoThroughApis } from './demo-seed.js';

const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/$/, ''));

const argumentsSchema = z
  .object({
    'base-url': url.optional(),
    'auth-url': url.optional(),
    'catalog-url': url.optional(),
    'inventory-url': url.optional(),
    products: z.coerce.number().int().min(0).max(100_000).default(1000),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('EUR'),
    'wait-seconds': z.coerce.number().int().min(0).max(3600).default(300),
    admin: z.object({ email: z.string().min(3), password: z.string().min(1) }),
  })
  .refine(
    (given) =>
      given['base-url'] ?? (given['auth-url'] && given['catalog-url'] && given['inventory-url']),
    { message: 'give --base-url, or all of --auth-url, --catalog-url and --inventory-url' },
  );

function parse(): z.infer<typeof argumentsSchema> {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string', default: process.env.SEED_BASE_URL },
      'auth-url': { type: 'string' },
      'catalog-url': { type: 'string' },
      'inventory-url': { type: 'string' },
      products: { type: 'string', default: process.env.SEED_PRODUCTS },
      currency: { type: 'string', default: process.env.STORE_CURRENCY },
      'wait-seconds': { type: 'string' },
    },
  });
  const admin = { email: process.env.SEED_ADMIN_EMAIL, password: process.env.SEED_ADMIN_PASSWORD };
  const parsed = argumentsSchema.safeParse({ ...values, admin });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `  ${issue.path.join('.') || 'arguments'}: ${issue.message}`,
  );
  process.stderr.write(`seed: bad arguments or environment\n${problems.join('\n')}\n`);
  process.exit(2);
}

const given = parse();
const base = given['base-url'];
const started = performance.now();
try {
  const result = await seedDemoThroughApis({
    urls: {
      auth: given['auth-url'] ?? base!,
      catalog: given['catalog-url'] ?? base!,
      inventory: given['inventory-url'] ?? base!,
    },
    admin: given.admin,
    products: given.products,
    currency: given.currency,
    waitMs: given['wait-seconds'] * 1000,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `seeded in ${seconds} s: ${result.categoriesCreated} categories, ${result.productsCreated} products and ${result.skusStocked} SKUs' stock new\n`,
  );
} catch (error) {
  process.stderr.write(`seed failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
