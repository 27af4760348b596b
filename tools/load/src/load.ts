/**
 * `npm run load -- <scenario> [KEY=VALUE...]`: one Locust scenario of `load/` against the platform
 * `npm start` runs (or `BASE_URL`), its summary in `load/results/<scenario>-<timestamp>.json`,
 * a readable report beside it (`.md`) and Locust's HTML report (`.html`).
 * Exit code: 0 every threshold held, 1 one failed, 2 Locust or the gateway could not run it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario, scenarioNames } from './locust.ts';
import { ROOT, timestamp, writeFormatted } from './paths.ts';
import { failedThresholds, headline, markdown, verdict } from './report.ts';

const DEFAULT_BASE_URL = 'http://127.0.0.1:3000/api/v1';

async function gatewayAnswers(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/categories`, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** `KEY=VALUE` pairs, or the first argument that is not one. */
function parseSettings(pairs: string[]): Record<string, string> | string {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) return pair;
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

function usage(known: string[]): string {
  return (
    `usage: npm run load -- <scenario> [KEY=VALUE...]\nscenarios: ${known.join(', ')}\n` +
    'e.g. npm run load -- checkout VUS=10 DURATION=2m (load/README.md lists the settings)'
  );
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const known = scenarioNames();
  const env = parseSettings(rest);
  if (!name || !known.includes(name) || typeof env === 'string') {
    if (typeof env === 'string') console.error(`not KEY=VALUE: ${env}`);
    console.error(usage(known));
    return 2;
  }
  const baseUrl = (env.BASE_URL ?? process.env.BASE_URL ?? DEFAULT_BASE_URL).replace(/\/$/, '');
  delete env.BASE_URL;
  if (!(await gatewayAnswers(baseUrl))) {
    console.error(
      `The storefront API at ${baseUrl} does not answer GET /categories.\n` +
        'Start the platform first (npm start), or point BASE_URL at a running gateway.',
    );
    return 2;
  }
  const outDir = join(ROOT, 'load', 'results');
  const stem = `${name}-${timestamp()}`;
  console.log(`locust ${name} against ${baseUrl}...`);
  const run = await runScenario(name, {
    baseUrl,
    env,
    outDir,
    fileStem: stem,
    onLine: (line) => console.log(`  ${line}`),
  });
  const report = join(outDir, `${stem}.md`);
  await writeFormatted(report, markdown(run, baseUrl, env));
  if (run.summary) await writeFormatted(run.summaryFile, readFileSync(run.summaryFile, 'utf8'));
  console.log(`\n${name}: ${verdict(run)}`);
  for (const line of headline(run)) console.log(`  ${line}`);
  for (const result of failedThresholds(run)) {
    console.log(`  threshold failed: ${result.metric} ${result.condition}`);
  }
  console.log(`\nsummary ${run.summaryFile}\nreport  ${report}\nhtml    ${run.htmlFile}`);
  return { passed: 0, 'thresholds failed': 1, 'locust failed': 2 }[verdict(run)];
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 2;
  },
);
