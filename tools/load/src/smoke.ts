/**
 * The Locust smoke scenario as a function for the end-to-end suite: short and bounded, against
 * the gateway the suite started.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocust, runScenario, type ScenarioRun } from './locust.ts';
import { failedThresholds, headline, verdict } from './report.ts';

/** 15 s of load; SIGTERM (Locust still evaluates and writes its summary) at 60 s, SIGKILL at 90. */
const DURATION = '15s';
const STOP_AFTER_MS = 60_000;
const KILL_AFTER_MS = 90_000;

export interface SmokeResult {
  passed: boolean;
  /** Key figures and what failed, to print or put in an assertion message. */
  summary: string;
}

/** What the suite asks of a smoke run besides its thresholds, as failure messages. */
function problems(run: ScenarioRun): string[] {
  const found = failedThresholds(run).map(
    (result) =>
      `threshold failed: ${result.metric} ${result.condition} (${JSON.stringify(result.value)})`,
  );
  const summary = run.summary;
  if (!summary) return [...found, 'no summary written'];
  if (summary.http.failures > 0) found.push(`${summary.http.failures} failed requests`);
  if (!summary.checkout || summary.checkout.confirmed < 1) found.push('no order CONFIRMED');
  for (const failure of summary.failures.slice(0, 5)) {
    found.push(
      `failure: ${failure.method} ${failure.name}: ${failure.error} ×${failure.occurrences}`,
    );
  }
  return found;
}

/**
 * Runs `load/smoke.py` (2 users, 15 s) against `apiBaseUrl` (the storefront API, e.g.
 * `http://127.0.0.1:<port>/api/v1`). Passes when every threshold held, no request failed and at
 * least one order was CONFIRMED. The gateway must let 2 customers log in and check out every
 * second or so (raised limits, as LocalPlatform sets them).
 */
export async function runSmoke(apiBaseUrl: string): Promise<SmokeResult> {
  await ensureLocust();
  const outDir = mkdtempSync(join(tmpdir(), 'locust-smoke-'));
  try {
    const run = await runScenario('smoke', {
      baseUrl: apiBaseUrl,
      env: { VUS: '2', DURATION },
      outDir,
      fileStem: 'smoke',
      timeoutMs: STOP_AFTER_MS,
      killAfterMs: KILL_AFTER_MS,
    });
    const found = problems(run);
    const passed = verdict(run) === 'passed' && found.length === 0;
    const lines = [
      `locust smoke: ${verdict(run)} (exit ${run.exitCode}, ${(run.durationMs / 1000).toFixed(1)} s)`,
      ...headline(run),
      ...found,
    ];
    if (!run.summary) lines.push(run.output.split('\n').slice(-15).join('\n'));
    return { passed, summary: lines.join('\n') };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
