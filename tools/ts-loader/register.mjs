/**
 * Runs the project's TypeScript sources directly: `node --import ./tools/ts-loader/register.mjs file.ts`.
 *
 * Node 24 strips types by itself but emits no decorator metadata and does not map the `.js`
 * specifiers of ESM sources to their `.ts` files. These hooks compile each source file with SWC
 * (a millisecond a file) and resolve workspace packages to their sources through the
 * `@shop/source` export condition, so tests can start real child processes (a service, a
 * crash-window writer) without a build step. Production images run the built `dist/` instead.
 */
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import { transformSync } from '@swc/core';
import { swcOptions } from './swc-options.mjs';

const sourceCondition = '@shop/source';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const conditions = context.conditions.includes(sourceCondition)
      ? context.conditions
      : [...context.conditions, sourceCondition];
    const withSources = { ...context, conditions };
    try {
      return nextResolve(specifier, withSources);
    } catch (error) {
      const relativeJs = specifier.startsWith('.') && specifier.endsWith('.js');
      if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !relativeJs) throw error;
      return nextResolve(`${specifier.slice(0, -3)}.ts`, withSources);
    }
  },
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) {
      return nextLoad(url, context);
    }
    const filename = fileURLToPath(url);
    const { code } = transformSync(readFileSync(filename, 'utf8'), {
      ...swcOptions,
      filename,
      sourceMaps: 'inline',
      module: { type: 'es6' },
    });
    return { format: 'module', source: code, shortCircuit: true };
  },
});
