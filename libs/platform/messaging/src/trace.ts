import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';

const tracer = trace.getTracer('@shop/platform-messaging');

/** The active trace context as W3C headers (`traceparent`, `tracestate`), to store or send. */
export function captureTraceHeaders(from: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  return carrier;
}

function contextFrom(headers: Record<string, string>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

async function inSpan<T>(span: Span, run: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(context.active(), span), () => run(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

export interface MessageSpanAttributes {
  topic: string;
  eventType: string;
  eventId: string;
  key: string;
}

function attributes(message: MessageSpanAttributes): Record<string, string> {
  return {
    'messaging.system': 'kafka',
    'messaging.destination.name': message.topic,
    'messaging.message.id': message.eventId,
    'messaging.kafka.message.key': message.key,
    'shop.event.type': message.eventType,
  };
}

/** A started producer span and the headers that carry it; end it once Kafka has answered. */
export interface ProducerSpan {
  headers: Record<string, string>;
  end(error?: Error): void;
}

/**
 * Starts a producer span whose parent is the context stored with the event, not whatever is
 * active: the outbox relay publishes after, and on behalf of, the request that wrote the event.
 * The returned headers carry the producer span, so the consumer's span becomes its child.
 */
export function startProducerSpan(
  message: MessageSpanAttributes,
  storedHeaders: Record<string, string>,
): ProducerSpan {
  const parent = contextFrom(storedHeaders);
  const span = tracer.startSpan(
    `send ${message.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { ...attributes(message), 'messaging.operation.type': 'send' },
    },
    parent,
  );
  return {
    headers: { ...storedHeaders, ...captureTraceHeaders(trace.setSpan(parent, span)) },
    end(error?: Error) {
      if (error) {
        span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      }
      span.end();
    },
  };
}

/** Runs a consumer's handler in a span that continues the trace carried by the message headers. */
export async function withConsumerSpan<T>(
  message: MessageSpanAttributes & { group: string },
  headers: Record<string, string>,
  handle: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(
    `process ${message.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...attributes(message),
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': message.group,
      },
    },
    contextFrom(headers),
  );
  return inSpan(span, handle);
}
