import { hostname } from 'node:os';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger } from 'pino';

/** What {@link createLogger} needs. */
export interface LoggerOptions {
  /** Written as `service` on every line. */
  service: string;
  /** Lowest level written: `trace`, `debug`, `info` (default), `warn`, `error`, `fatal`, `silent`. */
  level?: string;
  /** Where lines go (default stdout); tests pass an in-memory stream. */
  destination?: DestinationStream;
}

/** The trace fields of a log line, as the OpenTelemetry spec names them for non-OTLP formats. */
export interface TraceFields {
  trace_id?: string;
  span_id?: string;
  trace_flags?: string;
}

/**
 * The ids of the span active where a line is logged, so logs and traces join up in the backend.
 * Empty outside a span, and when no SDK is started (the API's no-op spans have invalid ids).
 */
export function activeTraceFields(): TraceFields {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, '0'),
  };
}

/**
 * A pino logger writing one JSON object a line: `level` as a name, `time` in ISO 8601, `service`,
 * `pid`, `hostname`, `msg`, and the `trace_id`/`span_id`/`trace_flags` of the active span.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Names, not pino's numbers: the line is read by people and by log pipelines alike.
      formatters: { level: (label) => ({ level: label }) },
      mixin: activeTraceFields,
    },
    options.destination,
  );
}
