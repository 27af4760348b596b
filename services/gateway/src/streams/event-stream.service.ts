import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HealthRegistry } from '@shop/platform-http';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { API_PREFIX, type GatewayRoute } from '../routes/gateway-route.js';
import { upstreamPath } from '../routes/upstream-path.js';
import { clientResponseHeaders, upstreamRequestHeaders } from '../proxy/headers.js';
import { forwardingFacts, paramsOf, sendAnswer } from '../proxy/proxy.service.js';
import { readBody } from '../upstream/answer-body.js';
import { classifyError, UpstreamFailure } from '../upstream/upstream-failure.js';
import {
  UpstreamClient,
  usableAnswer,
  type UpstreamStream,
} from '../upstream/upstream-client.service.js';

/**
 * Passes a server-sent event stream through: each event is written to the client as it arrives,
 * nothing is buffered, and no timeout applies once the stream has started. It ends when either
 * side ends it: the client going away cancels the upstream call, the upstream ending ends the
 * client's response. A draining gateway ends its streams (the client's EventSource reconnects
 * elsewhere), else the shutdown would wait for them until its own timeout.
 */
@Injectable()
export class EventStreamService implements OnModuleInit, OnModuleDestroy {
  private readonly open = new Set<Readable>();
  private drainTimer?: NodeJS.Timeout;

  constructor(
    @Inject(UpstreamClient) private readonly upstreams: UpstreamClient,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    this.drainTimer = setInterval(() => {
      if (this.health.isShuttingDown) this.open.forEach((body) => body.destroy());
    }, 500);
    this.drainTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.drainTimer);
  }

  async serve(route: GatewayRoute, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const cancel = new AbortController();
    reply.raw.once('close', () => cancel.abort());
    const stream = await this.upstreams.open(
      route.upstream,
      {
        method: 'GET',
        path: upstreamPath(route.path, paramsOf(request), request.url),
        headers: upstreamRequestHeaders(request.headers, forwardingFacts(request)),
        timeoutMs: this.config.UPSTREAM_TIMEOUT_MS,
      },
      cancel.signal,
    );
    if (!stream) return;
    if (stream.status !== 200 || !isEventStream(stream)) {
      // Not a stream (404, 401, a problem): an ordinary answer, read within the usual bound.
      const body = await this.readAnswer(route, stream);
      return sendAnswer(reply, usableAnswer(route.upstream, { ...stream, body }));
    }
    await this.pass(stream, reply);
  }

  private async readAnswer(route: GatewayRoute, stream: UpstreamStream): Promise<Buffer> {
    try {
      return await readBody(stream.body, { timeoutMs: this.config.UPSTREAM_TIMEOUT_MS });
    } catch (err) {
      throw new UpstreamFailure(route.upstream, classifyError(err, false), { cause: err });
    }
  }

  private async pass(stream: UpstreamStream, reply: FastifyReply): Promise<void> {
    reply.hijack();
    writeStreamHead(reply, stream);
    this.open.add(stream.body);
    try {
      await pipeline(stream.body, reply.raw);
    } catch {
      // One side went away; the other is closed by the pipeline. Nothing to answer any more.
    } finally {
      this.open.delete(stream.body);
      if (!reply.raw.writableEnded) reply.raw.end();
    }
  }
}

function isEventStream(stream: UpstreamStream): boolean {
  const type = stream.headers['content-type'];
  return typeof type === 'string' && type.toLowerCase().startsWith('text/event-stream');
}

/**
 * The response head, with what the platform already set on the reply (request id, security
 * headers, CORS, rate limits), since the hijacked reply is written by hand.
 */
function writeStreamHead(reply: FastifyReply, stream: UpstreamStream): void {
  const raw: ServerResponse = reply.raw;
  const platform = Object.entries(reply.getHeaders()).filter(
    (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
  );
  raw.writeHead(200, {
    ...Object.fromEntries(platform),
    ...clientResponseHeaders(stream.headers, API_PREFIX),
    'cache-control': 'no-cache, no-transform',
    // Tells nginx-style proxies in front not to buffer the stream either.
    'x-accel-buffering': 'no',
  });
  raw.flushHeaders();
}
