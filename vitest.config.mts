import { readFileSync } from 'node:fs';
import { globSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { swcOptions } from './tools/ts-loader/swc-options.mjs';

const root = dirname(fileURLToPath(import.meta.url));

// SWC compiles the tests and the code under test: unlike esbuild it emits Nest's decorator
// metadata (docs/adr/0001-toolchain.md).
const plugins = [swc.vite(swcOptions)];

/** Workspace libraries resolve to their TypeScript sources, as `tsc` resolves them. */
const alias = Object.fromEntries(
  globSync(['libs/*/package.json', 'libs/platform/*/package.json'], { cwd: root }).map((file) => {
    const pkg = JSON.parse(readFileSync(join(root, file), 'utf8')) as { name: string };
    return [pkg.name, join(root, dirname(file), 'src', 'index.ts')];
  }),
);

/**
 * The k6 scripts' imports (`k6`, `k6/http`, `k6/metrics`) in the end-to-end suite: a test-only
 * adapter on Node's fetch (tools/load/test/support/k6), not a k6.
 */
const k6Adapter = { k6: join(root, 'tools', 'load', 'test', 'support', 'k6') };

const ignored = ['**/node_modules/**', '**/dist/**', '.devstack/**'];
const setupFiles = [join(root, 'vitest.setup.mts')];

export default defineConfig({
  test: {
    projects: [
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['{libs,services,tools}/**/*.spec.ts'],
          exclude: [...ignored, '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'int',
          setupFiles,
          include: ['{libs,services,tools}/**/*.int-spec.ts'],
          exclude: ignored,
          // Real servers: a Kafka group join alone takes seconds.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins,
        resolve: { alias: { ...alias, ...k6Adapter } },
        test: {
          name: 'e2e',
          setupFiles,
          include: ['tools/*/test/**/*.e2e-spec.ts'],
          exclude: ignored,
          // Each file starts the whole platform: one at a time, on a two-core machine.
          fileParallelism: false,
          // Five services boot and the saga crosses Kafka twice per order.
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
