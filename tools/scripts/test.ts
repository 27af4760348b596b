/**
 * `npm test`: brings the backing servers up if needed, runs the static checks and every test
 * suite, and ends with one line, "N passed, N failed", that adds up all of them. Each static check
 * counts as one test; each deployment check and each vitest test counts as one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const reports = join(root, 'reports');

interface Outcome {
  name: string;
  passed: number;
  failed: number;
}

function step(title: string): void {
  process.stdout.write(`\n=== ${title} ===\n`);
}

function exec(cmd: string, args: string[]): number {
  // No Nx daemon: a fresh project graph every run, so a boundary check never reads a stale one.
  const result = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  return result.status ?? 1;
}

function bin(name: string): string {
  return join(root, 'node_modules', '.bin', name);
}

function check(name: string, cmd: string, args: string[]): Outcome {
  step(name);
  const ok = exec(cmd, args) === 0;
  process.stdout.write(`${ok ? 'ok' : 'FAILED'}: ${name}\n`);
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    name: string;
    status: string;
    assertionResults: { status: string }[];
    message?: string;
  }[];
}

function vitest(): Outcome {
  step('tests (vitest: unit and integration against the devstack)');
  const output = join(reports, 'vitest.json');
  rmSync(output, { force: true });
  const code = exec(bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${output}`,
  ]);
  if (!existsSync(output)) return { name: 'vitest', passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(output, 'utf8')) as VitestReport;
  // A file that fails outside its tests (a syntax error, a beforeAll that throws) reports no
  // failed assertion, only skipped ones or none: count it as a failure rather than let it
  // vanish from the total.
  const brokenFiles = report.testResults.filter(
    (file) =>
      file.status === 'failed' &&
      !file.assertionResults.some((assertion) => assertion.status === 'failed'),
  );
  const failed = report.numFailedTests + brokenFiles.length;
  return {
    name: 'vitest',
    passed: report.numPassedTests,
    failed: failed === 0 && code !== 0 ? 1 : failed,
  };
}

/**
 * The deployment checks (`npm run chart:check`): Helm chart, schemas, policies, compose,
 * Dockerfile, workflows. They print their own `N passed, N failed`, which is counted as is.
 */
function chartCheck(): Outcome {
  const name = 'deployment (chart:check)';
  step(name);
  const result = spawnSync(
    process.execPath,
    [join(root, 'tools', 'chart-check', 'src', 'check.ts')],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  process.stdout.write(result.stdout ?? '');
  const totals = /(\d+) passed, (\d+) failed\s*$/.exec(result.stdout ?? '');
  if (!totals) return { name, passed: 0, failed: 1 };
  const failed = Number(totals[2]);
  return {
    name,
    passed: Number(totals[1]),
    failed: failed === 0 && result.status !== 0 ? 1 : failed,
  };
}

function main(): void {
  mkdirSync(reports, { recursive: true });
  step('backing servers');
  if (exec(process.execPath, [join(root, 'tools', 'devstack', 'src', 'cli.ts'), 'up']) !== 0) {
    process.stdout.write(
      '\nthe devstack did not come up; see the lines above\n0 passed, 1 failed\n',
    );
    process.exit(1);
  }
  const outcomes = [
    check('format (prettier)', bin('prettier'), ['--check', '--log-level=warn', '.']),
    // The boundary rule reads Nx's cached project graph and is silently skipped without one
    // (a fresh clone with the daemon off): compute the graph first.
    check('lint (eslint, module boundaries)', 'sh', [
      '-c',
      `"${bin('nx')}" show projects >/dev/null && "${bin('eslint')}" .`,
    ]),
    check('typecheck (tsc)', bin('nx'), ['run-many', '-t', 'typecheck', '--outputStyle=static']),
    chartCheck(),
    vitest(),
  ];
  step('summary');
  for (const outcome of outcomes) {
    process.stdout.write(
      `${outcome.name.padEnd(36)} ${outcome.passed} passed, ${outcome.failed} failed\n`,
    );
  }
  const passed = outcomes.reduce((sum, o) => sum + o.passed, 0);
  const failed = outcomes.reduce((sum, o) => sum + o.failed, 0);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
