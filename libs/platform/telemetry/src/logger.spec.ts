import { context } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  StackContextManager,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { DestinationStream } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { NestPinoLogger } from './nest-pino-logger.js';

/** Collects what pino writes, one parsed JSON object a line. */
function memoryDestination(): DestinationStream & { lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  return {
    write: (line: string) => void written.push(line),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

// The mixin reads the API's active context, so this file installs a context manager globally
// (Vitest runs each test file in a worker of its own) and tracks spans in memory.
const contextManager = new StackContextManager();
const provider = new TracerProvider({
  spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })],
});
const tracer = provider.getTracer('logger-spec');

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});

afterAll(async () => {
  context.disable();
  await provider.shutdown();
});

describe('createLogger', () => {
  it('writes the service and the ids of the active span', () => {
    const destination = memoryDestination();
    const logger = createLogger({ service: 'orders', destination });

    const spanContext = tracer.startActiveSpan('place-order', (span) => {
      logger.info({ orderId: 'o-1' }, 'order placed');
      span.end();
      return span.spanContext();
    });

    const [line] = destination.lines();
    expect(line).toMatchObject({
      level: 'info',
      service: 'orders',
      msg: 'order placed',
      orderId: 'o-1',
      trace_id: spanContext.traceId,
      span_id: spanContext.spanId,
      trace_flags: '01',
    });
    expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it('writes no trace fields outside a span', () => {
    const destination = memoryDestination();
    createLogger({ service: 'orders', destination }).warn('no span here');

    const [line] = destination.lines();
    expect(line).toMatchObject({ level: 'warn', msg: 'no span here' });
    expect(line).not.toHaveProperty('trace_id');
    expect(line).not.toHaveProperty('span_id');
  });

  it('leaves out lines below its level', () => {
    const destination = memoryDestination();
    const logger = createLogger({ service: 'orders', level: 'warn', destination });
    logger.info('dropped');
    logger.error('kept');
    expect(destination.lines().map((line) => line.msg)).toEqual(['kept']);
  });
});

describe('NestPinoLogger', () => {
  function nestLogger() {
    const destination = memoryDestination();
    const logger = new NestPinoLogger(
      createLogger({ service: 'orders', destination, level: 'trace' }),
    );
    return { logger, lines: destination.lines };
  }

  it('maps Nest levels and writes the context Nest passes last', () => {
    const { logger, lines } = nestLogger();
    logger.log('listening', 'NestApplication');
    logger.verbose('mapped route');
    logger.warn({ retry: 2 }, 'KafkaClient');

    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', msg: 'listening', context: 'NestApplication' }),
      expect.objectContaining({ level: 'trace', msg: 'mapped route' }),
      expect.objectContaining({ level: 'warn', retry: 2, context: 'KafkaClient' }),
    ]);
  });

  it("writes an error's stack and context, and its trace ids inside a span", () => {
    const { logger, lines } = nestLogger();
    const error = new Error('boom');
    const traceId = tracer.startActiveSpan('handle', (span) => {
      logger.error('request failed', error.stack, 'ExceptionsHandler');
      logger.error(error, 'ExceptionsHandler');
      span.end();
      return span.spanContext().traceId;
    });

    const [byStack, byError] = lines();
    expect(byStack).toMatchObject({
      level: 'error',
      msg: 'request failed',
      stack: error.stack,
      context: 'ExceptionsHandler',
      trace_id: traceId,
    });
    expect(byError).toMatchObject({ msg: 'boom', context: 'ExceptionsHandler' });
    expect(byError.err).toMatchObject({ type: 'Error', message: 'boom' });
  });

  it('takes a lone stack for a stack, not for a context', () => {
    const { logger, lines } = nestLogger();
    const stack = new Error('boom').stack;
    logger.error('failed', stack);
    expect(lines()[0]).toMatchObject({ stack });
    expect(lines()[0]).not.toHaveProperty('context');
  });

  it('keeps the most verbose level Nest enables as the threshold', () => {
    const { logger, lines } = nestLogger();
    logger.setLogLevels(['warn', 'error']);
    logger.log('dropped');
    logger.warn('kept');
    expect(lines().map((line) => line.msg)).toEqual(['kept']);
  });
});
