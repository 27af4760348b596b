/**
 * How SWC compiles the project's TypeScript, for tests (vitest.config.mts), for running sources
 * directly (register.mjs) and for builds. Legacy decorators with metadata: Nest's dependency
 * injection reads constructor parameter types from it (docs/adr/0001-toolchain.md).
 */
export const swcOptions = {
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
};
