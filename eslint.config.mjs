import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Stores, brokers and frameworks that `libs/contracts` must never import. */
const runtimeOnly = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'mongoose',
  'mongodb',
  'cassandra-driver',
  'ioredis',
  'kafkajs',
];

const services = ['auth', 'catalog', 'inventory', 'order', 'gateway'];

/** Tests, benchmarks and fixtures may also use `libs/testing`; production code may not. */
const testFiles = ['**/test/**/*.ts', '**/*.spec.ts', '**/bench/**/*.ts'];

function moduleBoundaries({ inTests }) {
  const testing = inTests ? ['type:testing'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        // Services never import services: each one reaches only its own scope and shared libraries.
        ...services.map((name) => ({
          sourceTag: `scope:${name}`,
          onlyDependOnLibsWithTags: [`scope:${name}`, 'scope:shared'],
        })),
        {
          sourceTag: 'type:service',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', ...testing],
        },
        {
          sourceTag: 'type:contracts',
          onlyDependOnLibsWithTags: [],
          bannedExternalImports: runtimeOnly,
        },
        {
          sourceTag: 'type:platform',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', ...testing],
        },
        {
          sourceTag: 'type:testing',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'],
        },
        {
          // Tools share the launcher (one way to start the platform); no tool reaches a service.
          sourceTag: 'type:tool',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:testing', 'type:tool'],
        },
      ],
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.devstack/**',
      '.nx/**',
      'reports/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ inTests: false }),
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: testFiles,
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ inTests: true }) },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
