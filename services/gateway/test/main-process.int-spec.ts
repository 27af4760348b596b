import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OtlpSpanKind,
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedSpan,
} from '@shop/testing';
import { TestAuth } from './support/auth.js';
import { ChildGateway } from './support/child-gateway.js';
import { dropKeys, testEnvironment } from './support/gateway-app.js';
import { call } from './support/http.js';
import { StandIn } from './support/stand-in.js';

let auth: TestAuth;
let catalog: StandIn;
let receiver: OtlpReceiver;
let gateway: ChildGateway;
let environment: Record<string, string>;

beforeAll(async () => {
  auth = await TestAuth.start();
  catalog = await StandIn.start();
  receiver = await startOtlpReceiver();
  const elsewhere = 'http://127.0.0.1:9';
  environment = {
    ...testEnvironment(
      'gateway-main',
      { auth: elsewhere, catalog: catalog.url, inventory: elsewhere, order: elsewhere },
      auth.jwksUrl,
    ),
    OTEL_SERVICE_NAME: 'gateway',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    LOG_LEVEL: 'info',
  };
  gateway = await ChildGateway.start(environment);
}, 120_000);

afterAll(async () => {
  await gateway?.stop('SIGKILL');
  await catalog?.stop();
  await auth?.close();
  await receiver?.close();
  if (environment) await dropKeys(environment.REDIS_KEY_PREFIX ?? '');
});

describe('the gateway process', () => {
  it("carries the client's trace and its request id to the service", async () => {
    const traceId = randomBytes(16).toString('hex');
    const clientSpan = randomBytes(8).toString('hex');
    const answer = await call(`${gateway.url}/api/v1/categories`, {
      headers: { traceparent: `00-${traceId}-${clientSpan}-01`, 'x-request-id': 'trace-test-1' },
    });
    expect(answer.status).toBe(200);
    const [seen] = catalog.seenAt('/categories');
    expect(seen?.headers['x-request-id']).toBe('trace-test-1');
    const traceparent = String(seen?.headers.traceparent);
    expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    // The parent is the gateway's own client span, not the client's span passed along.
    expect(traceparent).not.toContain(clientSpan);

    // The undici span of the call to the catalog (Redis's are client spans too).
    const isCatalogCall = (span: ReceivedSpan) =>
      span.traceId === traceId &&
      span.serviceName === 'gateway' &&
      span.kind === OtlpSpanKind.CLIENT &&
      span.attributes['url.path'] === '/categories';
    const spans = await receiver.waitForSpans((received) => received.some(isCatalogCall), 15_000);
    expect(traceparent).toContain(spans.find(isCatalogCall)?.spanId);
  });

  it('starts a trace of its own for a client that sends none', async () => {
    catalog.seen.length = 0;
    await call(`${gateway.url}/api/v1/categories`);
    expect(String(catalog.seen[0]?.headers.traceparent)).toMatch(
      /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/,
    );
  });

  it('writes JSON log lines', () => {
    const lines = gateway.log.split('\n').filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    expect(() => lines.map((line) => JSON.parse(line) as unknown)).not.toThrow();
  });

  it('shuts down on SIGTERM through the platform, ending by the signal', async () => {
    const ended = await gateway.stop('SIGTERM');
    expect(ended).toEqual({ code: null, signal: 'SIGTERM' });
    expect(gateway.log).toContain('shutting down (SIGTERM)');
  });
});
