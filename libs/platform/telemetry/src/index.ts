export {
  DEFAULT_OTLP_ENDPOINT,
  startTelemetry,
  telemetryFromEnv,
  telemetryOptionsFromEnv,
  type TelemetryHandle,
  type TelemetryOptions,
} from './telemetry.js';
export { createInstrumentations } from './instrumentations.js';
export { activeTraceFields, createLogger, type LoggerOptions, type TraceFields } from './logger.js';
export { NestPinoLogger } from './nest-pino-logger.js';
export {
  createMetrics,
  HTTP_DURATION_BUCKETS,
  metrics,
  type HttpRequestObservation,
  type Metrics,
} from './metrics.js';
