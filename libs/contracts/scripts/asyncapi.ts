/**
 * Writes `libs/contracts/asyncapi.json` from the event schemas; with `--check`, writes nothing and
 * exits 1 when the file on disk says something else than the schemas do. Run it through the
 * workspace loader, which maps the library's `.js` imports to its `.ts` sources:
 *
 *   npm run contracts:asyncapi             # regenerate
 *   npm run contracts:asyncapi -- --check  # verify, e.g. in CI
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderAsyncApi } from '../src/asyncapi.js';

const target = join(import.meta.dirname, '..', 'asyncapi.json');
const shown = relative(process.cwd(), target) || target;
const regenerate = 'npm run contracts:asyncapi';

function main(args: readonly string[]): number {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument ${unknown.join(' ')}\nusage: asyncapi.ts [--check]\n`);
    return 2;
  }
  const generated = renderAsyncApi();

  if (!args.includes('--check')) {
    writeFileSync(target, generated);
    process.stdout.write(`wrote ${shown}\n`);
    return 0;
  }

  if (!existsSync(target)) {
    process.stderr.write(`${shown} is missing: run \`${regenerate}\` and commit it.\n`);
    return 1;
  }
  // Compared as data, not bytes: a reformat by Prettier is not a contract change.
  const committed = readFileSync(target, 'utf8');
  let same = false;
  try {
    same = JSON.stringify(JSON.parse(committed)) === JSON.stringify(JSON.parse(generated));
  } catch {
    process.stderr.write(`${shown} is not valid JSON.\n`);
  }
  if (!same) {
    process.stderr.write(
      `${shown} does not match the event schemas in libs/contracts/src: ` +
        `run \`${regenerate}\` and commit the result.\n`,
    );
    return 1;
  }
  process.stdout.write(`${shown} is up to date\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
