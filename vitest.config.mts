import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the tests and the code under test: unlike esbuild it emits Nest's decorator
// metadata (docs/adr/0001-toolchain.md).
const plugins = [
  swc.vite({
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
  }),
];

const alias = {
  '@shop/testing': fileURLToPath(new URL('./libs/testing/src/index.ts', import.meta.url)),
};

const ignored = ['**/node_modules/**', '**/dist/**', '.devstack/**'];
const setupFiles = [fileURLToPath(new URL('./libs/testing/src/vitest-setup.ts', import.meta.url))];

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
    ],
  },
});
