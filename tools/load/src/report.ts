/** A Locust run, read back from the summary its scenario wrote, as the figures a person reads. */
import type { Figures, ScenarioRun, ThresholdResult } from './locust.ts';

/** `passed`: Locust ran and every threshold held (exit code 0 and the summary says so). */
export function verdict(run: ScenarioRun): 'passed' | 'thresholds failed' | 'locust failed' {
  if (!run.summary) return 'locust failed';
  return run.exitCode === 0 && run.summary.passed ? 'passed' : 'thresholds failed';
}

export function failedThresholds(run: ScenarioRun): ThresholdResult[] {
  return (run.summary?.thresholds ?? []).filter((result) => !result.passed);
}

const ms = (value: number | null | undefined) => (value == null ? '—' : `${value} ms`);
const pct = (value: number | null | undefined) =>
  value == null ? '—' : `${(value * 100).toFixed(2)} %`;

function shown(result: ThresholdResult): string {
  const { value, unit } = result;
  if (typeof value === 'number') {
    if (unit === 'ratio') return pct(value);
    return unit === 'ms' ? ms(value) : String(value);
  }
  if (value === null) return 'nothing measured';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The few lines that say how a run went: requests, failures, latency, checkouts, arrivals. */
export function headline(run: ScenarioRun): string[] {
  const summary = run.summary;
  if (!summary) return ['no summary: Locust did not get as far as its end'];
  const http = summary.http;
  const failed = http.requests ? http.failures / http.requests : null;
  const lines = [
    `requests: ${http.requests} (${http.rps.toFixed(1)}/s), failed ${http.failures} (${pct(failed)})`,
    `latency: p50 ${ms(http.p50)}, p95 ${ms(http.p95)}, p99 ${ms(http.p99)}, max ${ms(http.max)}`,
  ];
  const checkout = summary.checkout;
  if (checkout) {
    const time = checkout.to_confirmed;
    lines.push(
      `checkouts: ${checkout.confirmed} of ${checkout.checkouts} CONFIRMED (${pct(checkout.success_rate)}); ` +
        `POST /orders → CONFIRMED p50 ${ms(time?.p50)}, p95 ${ms(time?.p95)}, p99 ${ms(time?.p99)}`,
    );
  }
  if (summary.arrivals) {
    lines.push(`arrivals: ${summary.arrivals.visits} visits of ${summary.arrivals.asked} asked`);
  }
  if (summary.broke) lines.push(`broke: ${JSON.stringify(summary.broke)}`);
  if (summary.setup_error) lines.push(`setup failed: ${summary.setup_error}`);
  return lines;
}

function thresholdTable(run: ScenarioRun): string[] {
  const results = run.summary?.thresholds ?? [];
  if (results.length === 0) return ['none evaluated (Locust did not get that far)'];
  return [
    '| metric | threshold | value | result |',
    '| --- | --- | ---: | --- |',
    ...results.map(
      (result) =>
        `| ${result.metric} | ${result.condition} | ${shown(result)} | ${result.passed ? 'pass' : '**FAIL**'} |`,
    ),
  ];
}

function routeRow(route: Figures & { name: string }): string {
  const cells = [route.requests, route.failures, route.rps.toFixed(2)];
  const times = [route.p50, route.p95, route.p99, route.max].map(ms);
  return `| ${route.name} | ${[...cells, ...times].join(' | ')} |`;
}

function failureLines(run: ScenarioRun): string[] {
  const failures = run.summary?.failures ?? [];
  if (failures.length === 0) return [];
  return [
    '',
    '## Failures',
    '',
    ...failures.map((f) => `- ${f.method} ${f.name}: ${f.error} × ${f.occurrences}`),
  ];
}

function outputTail(run: ScenarioRun): string[] {
  if (verdict(run) !== 'locust failed') return [];
  const tail = run.output.split('\n').slice(-30).join('\n');
  return ['', '## Locust output (last lines)', '', '```', tail, '```'];
}

/** The Markdown report of one run. */
export function markdown(run: ScenarioRun, baseUrl: string, env: Record<string, string>): string {
  const settings = Object.entries(env).map(([key, value]) => `${key}=${value}`);
  const out = [
    `# Locust ${run.scenario}: ${verdict(run)}`,
    '',
    `- started ${run.startedAt}, ${(run.durationMs / 1000).toFixed(1)} s, exit code ${run.exitCode}`,
    `- target \`${baseUrl}\``,
    `- settings: ${settings.join(' ') || 'the scenario defaults'}`,
    `- summary \`${run.summaryFile}\`, Locust's HTML report \`${run.htmlFile}\``,
    '',
    '## Key figures',
    '',
    ...headline(run).map((line) => `- ${line}`),
    '',
    '## Thresholds',
    '',
    ...thresholdTable(run),
    '',
    '## By route',
    '',
    'CHECKOUT rows are not requests: `outcome` is every checkout (a failure unless CONFIRMED),',
    '`to_confirmed` the time from `POST /orders` to the poll that saw CONFIRMED.',
    '',
    '| route | count | failed | per s | p50 | p95 | p99 | max |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...(run.summary?.routes ?? []).map(routeRow),
    ...failureLines(run),
    ...outputTail(run),
  ];
  return `${out.join('\n')}\n`;
}
