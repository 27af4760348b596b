/**
 * Locust (MIT), installed on first use into a venv under `.devstack/tools/locust-<version>/`
 * (gitignored) and found at once afterwards. k6 is not used: it is AGPL, which the workplace's
 * package policy forbids (docs/adr/0012-load-and-benchmarks.md).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ROOT } from './paths.ts';

/** Pinned, so every machine measures with the same load generator. */
export const LOCUST_VERSION = '2.47.0';

/** The venv's folder carries the version: bumping it installs beside the old one. */
export function locustVenv(): string {
  return join(ROOT, '.devstack', 'tools', `locust-${LOCUST_VERSION}`);
}

/** The `locust` executable of the pinned venv. */
export function locustPath(): string {
  return join(locustVenv(), 'bin', 'locust');
}

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

interface Ran {
  code: number;
  output: string;
}

/** Runs a command to its end; its output is kept for an error message, not printed. */
function run(command: string, args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output += chunk.toString());
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const tail = (text: string, lines = 20) => text.trim().split('\n').slice(-lines).join('\n');

let installing: Promise<string> | undefined;

/**
 * The path of the pinned `locust`, installed on the first call (`python3 -m venv`, then
 * `pip install locust==<version>`; the index is whatever pip's own configuration and
 * environment say). Warm, it is one file check of the `.installed` marker.
 */
export function ensureLocust(log: (line: string) => void = console.log): Promise<string> {
  if (existsSync(join(locustVenv(), '.installed'))) return Promise.resolve(locustPath());
  installing ??= install(log).finally(() => (installing = undefined));
  return installing;
}

async function install(log: (line: string) => void): Promise<string> {
  const venv = locustVenv();
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  // A venv left half-made by an interrupted install would fail in confusing ways: start clean.
  rmSync(venv, { recursive: true, force: true });
  mkdirSync(join(venv, '..'), { recursive: true });
  log(`locust: creating a Python venv in ${venv}...`);
  const venvMade = await run(which('python3') ?? 'python3', ['-m', 'venv', venv]);
  if (venvMade.code !== 0) {
    throw new Error(`locust: python3 -m venv failed:\n${tail(venvMade.output)}`);
  }
  log(`locust: pip install locust==${LOCUST_VERSION} (a minute or so on a cold machine)...`);
  const ticker = setInterval(() => log(`locust: still installing (${seconds()} s)`), 20_000);
  try {
    const pip = await run(join(venv, 'bin', 'pip'), [
      'install',
      '--quiet',
      '--disable-pip-version-check',
      `locust==${LOCUST_VERSION}`,
    ]);
    if (pip.code !== 0 || !existsSync(locustPath())) {
      throw new Error(`locust: pip install failed (exit ${pip.code}):\n${tail(pip.output)}`);
    }
  } finally {
    clearInterval(ticker);
  }
  writeFileSync(join(venv, '.installed'), `locust==${LOCUST_VERSION}\n`);
  log(`locust: ${LOCUST_VERSION} installed in ${seconds()} s`);
  return locustPath();
}

/** The summary a scenario writes to `SUMMARY_FILE` when Locust quits (load/shop/summary.py). */
export interface Figures {
  requests: number;
  failures: number;
  rps: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  avg: number | null;
  max: number | null;
}

export interface ThresholdResult {
  metric: string;
  condition: string;
  value: number | string | null | Record<string, unknown>;
  unit: string;
  passed: boolean;
}

export interface LocustSummary {
  scenario: string;
  host: string;
  started_at: string;
  duration_s: number;
  passed: boolean;
  thresholds: ThresholdResult[];
  http: Figures;
  routes: (Figures & { name: string })[];
  checkout: {
    checkouts: number;
    confirmed: number;
    success_rate: number | null;
    other_end_states: Record<string, number>;
    to_confirmed: Figures | null;
  } | null;
  failures: { name: string; method: string; error: string; occurrences: number }[];
  setup_error: string | null;
  broke: Record<string, number | null> | null;
  arrivals: { asked: number; visits: number } | null;
}

export interface ScenarioRun {
  scenario: string;
  /** 0: every threshold held; 1: one failed (or the run could not start); other: Locust broke. */
  exitCode: number;
  summary: LocustSummary | undefined;
  summaryFile: string;
  htmlFile: string;
  /** Locust's own output, for the report when it failed. */
  output: string;
  startedAt: string;
  durationMs: number;
}

export interface ScenarioOptions {
  /** The storefront API, e.g. `http://127.0.0.1:3000/api/v1`. */
  baseUrl: string;
  /** Scenario settings (VUS, DURATION, RATE...), passed as environment variables. */
  env?: Record<string, string>;
  outDir: string;
  /** A name for the files (default `<scenario>`). */
  fileStem?: string;
  onLine?: (line: string) => void;
  /** SIGTERM after this many ms: Locust stops, evaluates the thresholds, writes its summary. */
  timeoutMs?: number;
  /** SIGKILL this many ms after the start, should Locust not stop after the SIGTERM. */
  killAfterMs?: number;
}

/** The scenario files of `load/`, by name. */
export function scenarioNames(): string[] {
  return readdirSync(join(ROOT, 'load'))
    .filter((file) => file.endsWith('.py'))
    .map((file) => file.slice(0, -3))
    .sort();
}

/** Runs `load/<name>.py` headless with Locust and returns its summary and exit code. */
export async function runScenario(name: string, options: ScenarioOptions): Promise<ScenarioRun> {
  const locust = await ensureLocust();
  const script = join(ROOT, 'load', `${name}.py`);
  if (!existsSync(script)) throw new Error(`no scenario ${name}: ${script} does not exist`);
  mkdirSync(options.outDir, { recursive: true });
  const startedAt = new Date();
  const stem = join(options.outDir, options.fileStem ?? name);
  const summaryFile = `${stem}.json`;
  const htmlFile = `${stem}.html`;
  rmSync(summaryFile, { force: true });
  const args = ['-f', script, '--headless', '--only-summary', '-H', options.baseUrl];
  args.push('--html', htmlFile);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    BASE_URL: options.baseUrl,
    SUMMARY_FILE: summaryFile,
    // No __pycache__ folders in load/, and every line as soon as it is printed.
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
  };
  const output: string[] = [];
  const exitCode = await runLocust(locust, args, env, options, (line) => {
    output.push(line);
    options.onLine?.(line);
  });
  const summary = existsSync(summaryFile)
    ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as LocustSummary)
    : undefined;
  return {
    scenario: name,
    exitCode,
    summary,
    summaryFile,
    htmlFile,
    output: output.join('\n'),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
}

function runLocust(
  locust: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: ScenarioOptions,
  onLine: (line: string) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(locust, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Chunks may end mid-line: each stream keeps its unfinished line for the next chunk.
    const lines =
      (partial = { text: '' }) =>
      (chunk: Buffer) => {
        const parts = (partial.text + chunk.toString()).split('\n');
        partial.text = parts.pop() ?? '';
        for (const line of parts) if (line.trim() !== '') onLine(line);
      };
    child.stdout.on('data', lines());
    child.stderr.on('data', lines());
    const timers = [
      options.timeoutMs && setTimeout(() => child.kill('SIGTERM'), options.timeoutMs),
      options.killAfterMs && setTimeout(() => child.kill('SIGKILL'), options.killAfterMs),
    ];
    child.once('error', reject);
    child.once('close', (code) => {
      for (const timer of timers) if (timer) clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}
