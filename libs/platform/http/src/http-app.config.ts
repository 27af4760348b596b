import type { CustomTransportStrategy } from '@nestjs/microservices';
import type { DynamicModule, LoggerService, Type } from '@nestjs/common';
import { trustedProxiesFromEnvironment, type TrustedProxies } from './trusted-proxies.js';

/** One finished request, for the service's request-duration histogram. */
export interface RequestMetric {
  method: string;
  /** The route pattern (`/orders/:id`), never the raw URL; `unmatched` when no route matched. */
  route: string;
  statusCode: number;
  durationSeconds: number;
}

/** A metrics exposition, e.g. a Prometheus registry, served at `GET /metrics` (management port). */
export interface MetricsEndpoint {
  contentType: string;
  render(): Promise<string>;
}

/** Browser origins allowed to call the service. */
export interface CorsConfig {
  /** Exact origins (`https://shop.example`); `['*']` allows any origin, without credentials. */
  origins: string[];
  /** Whether browsers may send cookies / HTTP auth (never with `*`). Default false. */
  credentials?: boolean;
}

/** The served OpenAPI document. */
export interface OpenApiConfig {
  title: string;
  version: string;
  description?: string;
  /** Where the JSON document is served (default `/openapi.json`). */
  path?: string;
}

/** Everything {@link createHttpApp} needs. */
export interface HttpAppOptions {
  /** The service's root Nest module. */
  module: Type<unknown> | DynamicModule;
  /** Names the service in logs. */
  serviceName: string;
  /** Prefix of every route except the OpenAPI document (probes and metrics are on the management port). */
  globalPrefix?: string;
  cors: CorsConfig;
  /** Largest accepted request body (default 100 KiB); larger ones get 413 `REQUEST.TOO_LARGE`. */
  bodyLimitBytes?: number;
  /**
   * Which proxies' `X-Forwarded-*` headers to believe (Fastify `trustProxy`): `false` (none), a
   * hop count, or addresses and CIDRs. Default: `TRUSTED_PROXIES` from the environment, set by
   * the deployment (see `parseTrustedProxies`); unset, no proxy is trusted, so that a client
   * cannot choose the address its rate limits count against.
   */
  trustProxy?: TrustedProxies;
  /** Default: pino JSON lines with trace ids (`@shop/platform-telemetry`), level from `LOG_LEVEL`. */
  logger?: LoggerService;
  /** Called once per finished request; must not throw. Default: the process's RED metrics. */
  onRequestComplete?: (metric: RequestMetric) => void;
  /** Served at `GET /metrics` on the management port. Default: the process's metrics registry. */
  metricsEndpoint?: MetricsEndpoint;
  /** When given, the OpenAPI document is built and served as JSON. */
  openApi?: OpenApiConfig;
  /**
   * Microservice transports (e.g. the Kafka event consumer) connected to the app: started before
   * it listens, closed by its graceful shutdown, so a SIGTERM also leaves the consumer group.
   */
  microservices?: CustomTransportStrategy[];
  /** Bound on the whole graceful shutdown (default 10 s). */
  shutdownTimeoutMs?: number;
  /**
   * After readiness flips to 503, how long to keep serving new requests so that load balancers
   * notice before the service stops accepting them (default 0; a few seconds on Kubernetes).
   */
  drainDelayMs?: number;
}

/** Everything {@link bootstrapHttpService} needs. */
export interface HttpServiceOptions extends HttpAppOptions {
  port: number;
  /**
   * Port of the management listener (`/health/live`, `/health/ready`, `/metrics`), on the same
   * host: kept off the API port so that a public route to the API exposes neither; 0 picks a
   * free one.
   */
  managementPort: number;
  /** Interface to listen on (default `127.0.0.1`; `0.0.0.0` in containers, when given). */
  host?: string;
  /** Whether SIGTERM and SIGINT start the graceful shutdown and then end the process (default true). */
  handleSignals?: boolean;
}

/** {@link HttpAppOptions} with defaults filled in. */
export interface ResolvedHttpAppOptions extends Omit<HttpAppOptions, 'openApi'> {
  bodyLimitBytes: number;
  trustProxy: TrustedProxies;
  shutdownTimeoutMs: number;
  drainDelayMs: number;
  openApi?: OpenApiConfig & { path: string };
}

export const DEFAULT_BODY_LIMIT_BYTES = 100 * 1024;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
export const DEFAULT_OPENAPI_PATH = '/openapi.json';

/** Checks `options` and fills in the defaults; a misconfiguration fails the boot, not a request. */
export function resolveHttpAppOptions(options: HttpAppOptions): ResolvedHttpAppOptions {
  if (!options.serviceName.trim()) throw new Error('serviceName must not be empty');
  checkCors(options.cors);
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  checkPositiveInteger('bodyLimitBytes', bodyLimitBytes);
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  checkPositiveInteger('shutdownTimeoutMs', shutdownTimeoutMs);
  const drainDelayMs = options.drainDelayMs ?? drainDelayFromEnvironment();
  if (!Number.isInteger(drainDelayMs) || drainDelayMs < 0 || drainDelayMs >= shutdownTimeoutMs) {
    throw new Error('drainDelayMs must be a non-negative integer below shutdownTimeoutMs');
  }
  return {
    ...options,
    globalPrefix: normalizePrefix(options.globalPrefix),
    openApi: resolveOpenApi(options.openApi),
    bodyLimitBytes,
    trustProxy: options.trustProxy ?? trustedProxiesFromEnvironment(),
    shutdownTimeoutMs,
    drainDelayMs,
  };
}

/**
 * `SHUTDOWN_DRAIN_DELAY_MS`, set by the deployment rather than the service: on Kubernetes the pod
 * leaves the Service's endpoints while it already has SIGTERM, so it must keep serving a few
 * seconds (the chart says 5 s); behind the launcher's fronts, which switch first, less.
 */
function drainDelayFromEnvironment(): number {
  const raw = process.env.SHUTDOWN_DRAIN_DELAY_MS;
  if (raw === undefined || raw === '') return 0;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`SHUTDOWN_DRAIN_DELAY_MS must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function resolveOpenApi(
  openApi: OpenApiConfig | undefined,
): (OpenApiConfig & { path: string }) | undefined {
  if (!openApi) return undefined;
  const path = openApi.path ?? DEFAULT_OPENAPI_PATH;
  if (!path.startsWith('/')) throw new Error('openApi.path must start with /');
  return { ...openApi, path };
}

function checkCors(cors: CorsConfig): void {
  const wildcard = cors.origins.includes('*');
  if (wildcard && cors.credentials) {
    throw new Error('CORS: a wildcard origin cannot be combined with credentials');
  }
  if (wildcard && cors.origins.length > 1) throw new Error('CORS: "*" must be the only origin');
  for (const origin of cors.origins.filter((o) => o !== '*')) {
    const url = new URL(origin);
    if (url.origin !== origin) {
      throw new Error(`CORS: "${origin}" is not an origin (scheme://host[:port], no path)`);
    }
  }
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
}

/** `api/v1/` → `api/v1`; empty or `/` → none. */
function normalizePrefix(prefix: string | undefined): string | undefined {
  const trimmed = prefix?.replace(/^\/+|\/+$/g, '');
  return trimmed ? trimmed : undefined;
}
