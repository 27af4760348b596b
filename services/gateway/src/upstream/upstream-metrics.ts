import { HTTP_DURATION_BUCKETS, metrics } from '@shop/platform-telemetry';
import type { UpstreamName } from '../routes/gateway-route.js';
import type { CircuitState } from './circuit-breaker.js';

const attempts = metrics.counter(
  'gateway_upstream_attempts_total',
  'Calls to an upstream, by outcome: the status class (2xx…5xx) or why it failed.',
  ['upstream', 'outcome'],
);
const durations = metrics.histogram(
  'gateway_upstream_attempt_duration_seconds',
  'Time of one call to an upstream, until its answer was read or it failed.',
  ['upstream'],
  HTTP_DURATION_BUCKETS,
);
const retries = metrics.counter(
  'gateway_upstream_retries_total',
  'Reads sent again after a connection error, timeout, 502 or 503.',
  ['upstream'],
);
const circuit = metrics.gauge(
  'gateway_circuit_state',
  "An upstream's circuit breaker: 0 closed, 1 half-open, 2 open.",
  ['upstream'],
);

const STATE_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** The gateway's metrics about its upstreams, on `/metrics` with the platform's own. */
export const upstreamMetrics = {
  attempt(upstream: UpstreamName, outcome: string, seconds?: number): void {
    attempts.inc({ upstream, outcome });
    if (seconds !== undefined) durations.observe({ upstream }, seconds);
  },
  retry(upstream: UpstreamName): void {
    retries.inc({ upstream });
  },
  circuit(upstream: UpstreamName, state: CircuitState): void {
    circuit.set({ upstream }, STATE_VALUE[state]);
  },
};

/** `2xx`, `4xx`...: bounded label values, whatever statuses the upstreams invent. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
