import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  OTLP_MAX_BODY_BYTES,
  OtlpSpanKind,
  startOtlpReceiver,
  type OtlpReceiver,
} from '../src/otlp-receiver.js';

const root = join(import.meta.dirname, '..', '..', '..');

let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
});

afterAll(async () => {
  await receiver.close();
});

beforeEach(() => receiver.clear());

function post(body: string | Buffer, headers: Record<string, string> = {}) {
  return fetch(`${receiver.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
}

describe('startOtlpReceiver', () => {
  it('receives parent and child spans from the real OTLP/HTTP JSON exporter', async () => {
    // A provider of its own, never registered globally: the test shares no state with others.
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'receiver-test' }),
      spanProcessors: [
        new BatchSpanProcessor({
          exporter: new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` }),
        }),
      ],
    });
    const tracer = provider.getTracer('otlp-receiver-int-spec');
    const parent = tracer.startSpan('place-order', {
      attributes: { 'order.items': 3, 'order.express': true, 'order.tags': ['gift', 'eu'] },
    });
    const child = tracer.startSpan(
      'reserve-stock',
      { kind: 2 /* API SpanKind.CLIENT */ },
      trace.setSpan(context.active(), parent),
    );
    child.end();
    parent.end();
    await provider.forceFlush();
    await provider.shutdown();

    const spans = await receiver.waitForSpans((received) => received.length >= 2, 5_000);
    const byName = Object.fromEntries(spans.map((span) => [span.name, span]));
    const [received, receivedChild] = [byName['place-order'], byName['reserve-stock']];
    expect(received).toMatchObject({
      traceId: parent.spanContext().traceId,
      spanId: parent.spanContext().spanId,
      parentSpanId: undefined,
      kind: OtlpSpanKind.INTERNAL,
      serviceName: 'receiver-test',
      attributes: { 'order.items': 3, 'order.express': true, 'order.tags': ['gift', 'eu'] },
    });
    expect(receivedChild).toMatchObject({
      traceId: received.traceId,
      spanId: child.spanContext().spanId,
      parentSpanId: received.spanId,
      kind: OtlpSpanKind.CLIENT,
    });
    expect(received.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(BigInt(received.endTimeUnixNano)).toBeGreaterThanOrEqual(
      BigInt(received.startTimeUnixNano),
    );
  });

  it('answers 200 {} and accepts a gzipped body', async () => {
    const body = gzipSync(JSON.stringify({ resourceSpans: [] }));
    const response = await post(body, { 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it('refuses a body that is not JSON with 400', async () => {
    const response = await post('\x0a\x10not json at all', {
      'content-type': 'application/x-protobuf',
    });
    expect(response.status).toBe(400);
    expect(receiver.spans()).toEqual([]);
  });

  it('refuses a body over 10 MiB with 413', async () => {
    const response = await post(Buffer.alloc(OTLP_MAX_BODY_BYTES + 1, 0x20));
    expect(response.status).toBe(413);
  });

  it('refuses a chunked body with 413 once it passes 10 MiB', async () => {
    // No Content-Length: the receiver only learns the size while reading.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${receiver.url}/v1/traces`, { method: 'POST', timeout: 10_000 });
      req.on('response', (res) => resolve(res.resume().statusCode)).on('error', reject);
      req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let written = 0; written <= OTLP_MAX_BODY_BYTES; written += chunk.length)
        req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    const elsewhere = await fetch(`${receiver.url}/v1/metrics`, { method: 'POST', body: '{}' });
    expect(elsewhere.status).toBe(404);
    expect((await fetch(`${receiver.url}/v1/traces`)).status).toBe(405);
  });

  it('gives up waiting after the timeout, naming what it received', async () => {
    await expect(receiver.waitForSpans((spans) => spans.length > 0, 50)).rejects.toThrow(
      /timed out after 50 ms.*received: none/,
    );
  });
});

/**
 * The child: an HTTP server that calls itself once, then waits to be stopped. It runs from source
 * with the workspace's TypeScript loader, preloading the telemetry entry as a service does.
 */
const service = `
import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
// node:http, not fetch: fetch runs on undici, which none of the platform's instrumentations cover.
await new Promise((resolve, reject) => {
  http.get('http://127.0.0.1:' + port + '/orders/o-1', (res) => res.resume().on('end', resolve))
    .on('error', reject);
});
console.log('ready');
`;

function startService(env: Record<string, string>) {
  return spawn(
    process.execPath,
    [
      '--import',
      './tools/ts-loader/register.mjs',
      '--import',
      './libs/platform/telemetry/src/register.ts',
      '--input-type=module',
      '--eval',
      service,
    ],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
}

async function waitForLine(child: ReturnType<typeof startService>, line: string, ms: number) {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + ms;
  while (!output.includes(line)) {
    if (Date.now() > deadline) throw new Error(`no "${line}" from the service within ${ms} ms`);
    if (child.exitCode !== null) throw new Error(`service exited (${child.exitCode}): ${output}`);
    await sleep(50);
  }
}

describe('with @shop/platform-telemetry/register preloaded', () => {
  it('receives the service spans, flushed when it is stopped with SIGTERM', async () => {
    const child = startService({
      OTEL_SERVICE_NAME: 'orders',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      DEPLOYMENT_ENVIRONMENT: 'test',
    });
    try {
      await waitForLine(child, 'ready', 30_000);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code, signal] = (await Promise.race([
        exited,
        sleep(10_000).then(() => Promise.reject(new Error('service ignored SIGTERM'))),
      ])) as [number | null, NodeJS.Signals | null];

      // The batch processor waits 5 s before exporting on its own: spans here now were flushed.
      const spans = receiver.spans();
      expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
      const server = spans.find((span) => span.kind === OtlpSpanKind.SERVER);
      const client = spans.find((span) => span.kind === OtlpSpanKind.CLIENT);
      expect(server).toMatchObject({
        serviceName: 'orders',
        attributes: { 'url.path': '/orders/o-1', 'http.response.status_code': 200 },
        resourceAttributes: { 'deployment.environment.name': 'test' },
      });
      // The W3C traceparent header carried the client's context to the server.
      expect(server?.traceId).toBe(client?.traceId);
      expect(server?.parentSpanId).toBe(client?.spanId);
      expect(server?.resourceAttributes['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
