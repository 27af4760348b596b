import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds, from 1 ms to 10 s: a cache hit at the low end, a slow report at the high end. */
export const HTTP_DURATION_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

const httpLabels = ['method', 'route', 'status_code'] as const;

/** One finished HTTP request, as the server saw it. */
export interface HttpRequestObservation {
  method: string;
  /** The route template (`/orders/:id`), never the raw path: each value is a new time series. */
  route: string;
  statusCode: number;
  durationSeconds: number;
}

/** A process's Prometheus metrics. */
export interface Metrics {
  readonly registry: Registry;
  /** The `Content-Type` of {@link Metrics.render}'s text. */
  readonly contentType: string;
  /** Counts the request and records its duration (the RED metrics of an HTTP server). */
  observeHttpRequest(observation: HttpRequestObservation): void;
  /** The counter of that name, created on first use. */
  counter<L extends string>(name: string, help: string, labelNames?: readonly L[]): Counter<L>;
  /** The histogram of that name, created on first use (`buckets` only count then). */
  histogram<L extends string>(
    name: string,
    help: string,
    labelNames?: readonly L[],
    buckets?: readonly number[],
  ): Histogram<L>;
  /**
   * The gauge of that name, created on first use. `collect` runs on every scrape, for values
   * read from elsewhere (a table's row count, a consumer group's lag).
   */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames?: readonly L[],
    collect?: (gauge: Gauge<L>) => void | Promise<void>,
  ): Gauge<L>;
  /** Every metric in the Prometheus text format, for a `/metrics` endpoint. */
  render(): Promise<string>;
}

type MetricClass = typeof Counter | typeof Gauge | typeof Histogram;

/**
 * Libraries create their metrics lazily, and a module can be evaluated twice (tests, hot
 * reload): a second request for a name returns the first metric instead of prom-client's
 * "already registered" error. A name already used by another kind of metric is a real conflict.
 */
function existing<M>(registry: Registry, name: string, kind: MetricClass): M | undefined {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return undefined;
  if (!(metric instanceof kind)) {
    throw new Error(`metric ${name} is already registered as a ${metric.constructor.name}`);
  }
  return metric as M;
}

/**
 * A registry of its own with the default Node.js and process metrics (`process_*`, `nodejs_*`)
 * and the HTTP server metrics `http_server_requests_total` and
 * `http_server_request_duration_seconds`, labelled by `method`, `route` and `status_code`.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const metrics: Metrics = {
    registry,
    contentType: registry.contentType,
    counter: (name, help, labelNames = []) =>
      existing(registry, name, Counter) ?? new Counter({ name, help, labelNames, registers }),
    histogram: (name, help, labelNames = [], buckets) =>
      existing(registry, name, Histogram) ??
      // prom-client copies every key over its defaults: an explicit `buckets: undefined` would
      // erase the default buckets, so the key is left out when there are none.
      new Histogram({
        name,
        help,
        labelNames,
        registers,
        ...(buckets && { buckets: [...buckets] }),
      }),
    gauge: <L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[] = [],
      collect?: (gauge: Gauge<L>) => void | Promise<void>,
    ) =>
      existing<Gauge<L>>(registry, name, Gauge) ??
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        ...(collect && {
          collect(this: Gauge<L>) {
            return collect(this);
          },
        }),
      }),
    observeHttpRequest: (observation) => {
      const labels = {
        method: observation.method.toUpperCase(),
        route: observation.route,
        status_code: String(observation.statusCode),
      };
      requests.inc(labels);
      durations.observe(labels, observation.durationSeconds);
    },
    render: () => registry.metrics(),
  };

  const requests = metrics.counter(
    'http_server_requests_total',
    'HTTP requests served, by method, route template and status code.',
    httpLabels,
  );
  const durations = metrics.histogram(
    'http_server_request_duration_seconds',
    'Time to serve an HTTP request, by method, route template and status code.',
    httpLabels,
    HTTP_DURATION_BUCKETS,
  );
  return metrics;
}

/** This process's metrics: one registry that every module and library shares. */
export const metrics: Metrics = createMetrics();
