import { isSpanContextValid, trace } from '@opentelemetry/api';

/** The id of the active trace, when telemetry is on and a span is active; for log lines. */
export function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? context.traceId : undefined;
}
