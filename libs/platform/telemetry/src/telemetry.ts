import { randomUUID } from 'node:crypto';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  processDetector,
  resourceFromAttributes,
  type Resource,
} from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import { createInstrumentations } from './instrumentations.js';

/** The OTLP/HTTP endpoint of a collector on this host, as the OpenTelemetry spec defaults it. */
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';

/** What {@link startTelemetry} sets up. */
export interface TelemetryOptions {
  /** `service.name` of every span. */
  serviceName: string;
  /** `service.version`; when absent, `OTEL_RESOURCE_ATTRIBUTES` may still set it. */
  serviceVersion?: string;
  /** `deployment.environment.name`, e.g. `dev`, `staging`, `prod`. */
  environment?: string;
  /** Base URL of the collector's OTLP/HTTP receiver; spans go to `${otlpEndpoint}/v1/traces`. */
  otlpEndpoint?: string;
  /** `false` registers nothing at all (default `true`). */
  enabled?: boolean;
  /** Share of new traces (root spans) to keep, 0..1 (default 1); child spans follow their parent. */
  sampleRatio?: number;
}

/** A started (or disabled) telemetry pipeline. */
export interface TelemetryHandle {
  /** Whether an SDK was started and registered. */
  readonly enabled: boolean;
  /** Exports the spans still buffered, then stops the SDK. Safe to call more than once. */
  shutdown(): Promise<void>;
}

let started = false;

function buildResource(options: TelemetryOptions): Resource {
  const attributes = {
    [ATTR_SERVICE_NAME]: options.serviceName,
    [ATTR_SERVICE_INSTANCE_ID]: randomUUID(),
    ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
    ...(options.environment ? { [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: options.environment } : {}),
  };
  // Later merges win: the options override `OTEL_RESOURCE_ATTRIBUTES` (envDetector), which
  // overrides the host and process facts and the SDK defaults.
  return defaultResource()
    .merge(detectResources({ detectors: [hostDetector, processDetector, envDetector] }))
    .merge(resourceFromAttributes(attributes));
}

function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

function checkRatio(ratio: number): number {
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new RangeError(`sampleRatio must be between 0 and 1, got ${ratio}`);
  }
  return ratio;
}

function createSdk(options: TelemetryOptions, sampleRatio: number): NodeSDK {
  const exporter = new OTLPTraceExporter({
    url: tracesUrl(options.otlpEndpoint ?? DEFAULT_OTLP_ENDPOINT),
  });
  return new NodeSDK({
    resource: buildResource(options),
    // Detection is done in buildResource: the SDK's own would merge over the service's attributes.
    autoDetectResources: false,
    spanProcessors: [new BatchSpanProcessor({ exporter })],
    sampler: new ParentBasedSampler({
      root: new TraceIdRatioBasedSampler(sampleRatio),
    }),
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    instrumentations: createInstrumentations(),
    // Metrics are prom-client's (metrics.ts) and logs go to stdout through pino (logger.ts): left
    // unset, the SDK would read OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER and push both over OTLP.
    metricReaders: [],
    logRecordProcessors: [],
  });
}

/**
 * Starts the OpenTelemetry Node SDK for this process: resource attributes, OTLP/HTTP JSON trace
 * export behind a batch span processor, W3C trace-context and baggage propagation, a parent-based
 * ratio sampler and the automatic instrumentations of {@link createInstrumentations}.
 *
 * Instrumentations patch modules as they load, so this must run before the instrumented libraries
 * are imported: ESM services preload `@shop/platform-telemetry/register` rather than calling it.
 * Only one SDK can own the global OpenTelemetry API, hence a second call throws.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (options.enabled === false) return { enabled: false, shutdown: async () => {} };
  const sampleRatio = checkRatio(options.sampleRatio ?? 1);
  if (started) throw new Error('telemetry is already started in this process');
  const sdk = createSdk(options, sampleRatio);
  sdk.start();
  started = true;
  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    shutdown: () => (stopping ??= sdk.shutdown()),
  };
}

function parseRatio(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const ratio = Number(raw);
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) return ratio;
  // The spec asks for an invalid value to be ignored, not to stop the service from starting.
  process.emitWarning(`OTEL_TRACES_SAMPLER_ARG=${raw} is not a ratio between 0 and 1; using 1`);
  return undefined;
}

/**
 * The {@link TelemetryOptions} the environment asks for: `OTEL_EXPORTER_OTLP_ENDPOINT`,
 * `OTEL_SDK_DISABLED` (`true` disables), `OTEL_TRACES_SAMPLER_ARG` (the ratio) and
 * `DEPLOYMENT_ENVIRONMENT`.
 */
export function telemetryOptionsFromEnv(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): TelemetryOptions {
  return {
    serviceName,
    environment: env.DEPLOYMENT_ENVIRONMENT || undefined,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    enabled: env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true',
    sampleRatio: parseRatio(env.OTEL_TRACES_SAMPLER_ARG),
  };
}

/** {@link startTelemetry} with the options of {@link telemetryOptionsFromEnv}. */
export function telemetryFromEnv(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): TelemetryHandle {
  return startTelemetry(telemetryOptionsFromEnv(serviceName, env));
}
