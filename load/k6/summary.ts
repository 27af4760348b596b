/**
 * `handleSummary`: the end-of-test summary as JSON (k6's whole summary data, to SUMMARY_FILE,
 * default `summary-<scenario>.json`) and as text on stdout: the verdict, each threshold, the
 * headline figures. Written here rather than imported from jslib.k6.io, so the scripts run
 * offline and the end-to-end suite can run this code too.
 */
import { METRICS } from './options.ts';

interface MetricSummary {
  type: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

/** The part of k6's summary data this reads. */
export interface SummaryData {
  metrics: Record<string, MetricSummary>;
  state?: { testRunDurationMs?: number };
}

const figure = (value: number | undefined, unit = '') =>
  value === undefined ? 'n/a' : `${Math.round(value * 10) / 10}${unit}`;
const percent = (value: number | undefined) =>
  value === undefined ? 'n/a' : `${Math.round(value * 1000) / 10} %`;

/** Every threshold as [metric, condition, held]. */
export function thresholdResults(data: SummaryData): [string, string, boolean][] {
  return Object.entries(data.metrics).flatMap(([metric, summary]) =>
    Object.entries(summary.thresholds ?? {}).map(
      ([condition, result]): [string, string, boolean] => [metric, condition, result.ok],
    ),
  );
}

export function textSummary(scenario: string, data: SummaryData): string {
  const results = thresholdResults(data);
  const passed = results.every(([, , ok]) => ok);
  const metric = (name: string) => data.metrics[name]?.values ?? {};
  const http = metric('http_req_duration');
  const seconds = (data.state?.testRunDurationMs ?? 0) / 1000;
  const lines = [
    `${scenario}: ${passed ? 'passed' : 'FAILED'} (${figure(seconds, ' s')})`,
    ...results.map(([name, condition, ok]) => `  ${ok ? 'ok  ' : 'FAIL'} ${name} ${condition}`),
    `  requests ${figure(metric('http_reqs').count)}, failed ${percent(metric('http_req_failed').rate)}, ` +
      `p95 ${figure(http['p(95)'], ' ms')}, p99 ${figure(http['p(99)'], ' ms')}`,
    `  checks ${percent(metric('checks').rate)}`,
  ];
  if (data.metrics[METRICS.checkoutSuccess]) {
    const confirmedIn = metric(METRICS.toConfirmed);
    lines.push(
      `  checkouts ${percent(metric(METRICS.checkoutSuccess).rate)} CONFIRMED ` +
        `(${figure(metric(METRICS.confirmed).count)}), to CONFIRMED p95 ${figure(confirmedIn['p(95)'], ' ms')}`,
    );
  }
  const dropped = metric('dropped_iterations').count;
  if (dropped) lines.push(`  dropped iterations ${dropped} (the arrival rate was not reached)`);
  return `${lines.join('\n')}\n`;
}

/** The `handleSummary` export of a scenario's script. */
export function summaryFor(scenario: string): (data: SummaryData) => Record<string, string> {
  return (data) => ({
    stdout: textSummary(scenario, data),
    [__ENV.SUMMARY_FILE || `summary-${scenario}.json`]: JSON.stringify(data, null, 2),
  });
}
