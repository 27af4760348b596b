import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@shop/testing';
import { call, expectProblem } from './support/http.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { problem } from './support/stand-in.js';

const ORDER_ID = '0190f7c2-7d3a-7cc1-9d1e-7a3b2c1d0e0f';

let platform: TestPlatform;
let api: string;
let token: string;
/** The stand-in's open stream: the test writes events into it by hand. */
let upstream: ServerResponse | undefined;
let upstreamClosed = false;

beforeAll(async () => {
  // The upstream timeout is 1 s: streams below outlive it.
  platform = await startPlatform('gateway-sse');
  api = platform.gateway.api;
  token = await platform.auth.token('u-1');
});

afterAll(async () => {
  upstream?.end();
  await platform?.stop();
});

beforeEach(() => {
  upstream = undefined;
  upstreamClosed = false;
  platform.services.order.seen.length = 0;
  platform.services.order.handler = (_request, response) => {
    upstream = response;
    response.once('close', () => (upstreamClosed = true));
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write('retry: 2000\n\n');
  };
});

/** Reads a stream's text as it arrives. */
class StreamReader {
  private text = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** Reads until the text received so far contains `expected` (bounded in time). */
  async until(expected: string, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.text.includes(expected)) {
      if (Date.now() > deadline)
        throw new Error(`no "${expected}" in ${JSON.stringify(this.text)}`);
      const { value, done } = await this.reader.read();
      if (done) throw new Error(`stream ended without "${expected}": ${JSON.stringify(this.text)}`);
      this.text += this.decoder.decode(value, { stream: true });
    }
    return this.text;
  }

  async ended(): Promise<boolean> {
    const { done } = await this.reader.read();
    return done;
  }
}

async function openStream(headers: Record<string, string> = {}) {
  const cancel = new AbortController();
  const response = await fetch(`${api}/orders/${ORDER_ID}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers },
    signal: cancel.signal,
  });
  const body = response.body;
  if (!body) throw new Error('no body');
  return { response, reader: new StreamReader(body.getReader()), cancel };
}

const event = (id: number) => `id: ${id}\nevent: status\ndata: {"status":"PENDING","v":${id}}\n\n`;

describe('GET /orders/:id/events', () => {
  it('passes each event on as it comes, past the upstream timeout', async () => {
    const { response, reader, cancel } = await openStream({ 'last-event-id': '1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const [seen] = platform.services.order.seen;
    expect(seen?.url).toBe(`/orders/${ORDER_ID}/events`);
    expect(seen?.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'last-event-id': '1',
      'x-request-id': response.headers.get('x-request-id'),
    });

    upstream?.write(event(2));
    // Read before the next event exists: nothing waits for more data or for the end.
    await reader.until('"v":2');
    await sleep(1_300);
    upstream?.write(event(3));
    await reader.until('"v":3');
    cancel.abort();
  });

  it('cancels the upstream call when the client goes away', async () => {
    const { reader, cancel } = await openStream();
    await reader.until('retry: 2000');
    cancel.abort();
    await waitFor(() => upstreamClosed, { timeoutMs: 5_000, what: 'the upstream stream to close' });
  });

  it("ends the client's stream when the upstream ends it", async () => {
    const { reader } = await openStream();
    upstream?.end(event(4));
    await reader.until('"v":4');
    expect(await reader.ended()).toBe(true);
  });

  it('answers a problem the service gives instead of a stream, as it is', async () => {
    platform.services.order.handler = problem(404, 'ORDER.NOT_FOUND');
    expectProblem(
      await call(`${api}/orders/${ORDER_ID}/events`, { token }),
      404,
      'ORDER.NOT_FOUND',
    );
  });

  it('refuses a client without a token before opening anything', async () => {
    expectProblem(await call(`${api}/orders/${ORDER_ID}/events`), 401, 'AUTH.MISSING_TOKEN');
    expect(platform.services.order.seen).toHaveLength(0);
  });

  it('logged no fault of its own', () => {
    expect(platform.gateway.faults()).toEqual([]);
  });
});
