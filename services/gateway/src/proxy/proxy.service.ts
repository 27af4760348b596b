import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { API_PREFIX, type GatewayRoute } from '../routes/gateway-route.js';
import { upstreamPath } from '../routes/upstream-path.js';
import { UpstreamClient, type UpstreamAnswer } from '../upstream/upstream-client.service.js';
import { PROBLEM_CONTENT_TYPE } from '@shop/platform-http';
import {
  clientResponseHeaders,
  upstreamRequestHeaders,
  type ForwardingFacts,
  type HeaderMap,
} from './headers.js';
import { rebaseProblemInstance } from './problem-instance.js';

/** What the gateway tells a service about the client (request id, address, scheme). */
export function forwardingFacts(request: FastifyRequest): ForwardingFacts {
  return { requestId: request.id, clientIp: request.ip, protocol: request.protocol };
}

/** Writes a service's answer as the gateway's, with the headers a client may see. */
export function sendAnswer(reply: FastifyReply, answer: UpstreamAnswer): void {
  const headers = clientResponseHeaders(answer.headers, API_PREFIX);
  const body = isProblem(headers) ? rebaseProblemInstance(answer.body, API_PREFIX) : answer.body;
  void reply.status(answer.status).headers(headers);
  void reply.send(body.length > 0 ? body : undefined);
}

function isProblem(headers: HeaderMap): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && type.toLowerCase().startsWith(PROBLEM_CONTENT_TYPE);
}

/**
 * Forwards a request as it came (the body is the raw bytes, never parsed here: the service
 * validates it) and answers with what the service answered.
 */
@Injectable()
export class ProxyService {
  constructor(
    @Inject(UpstreamClient) private readonly upstreams: UpstreamClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async forward(route: GatewayRoute, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    sendAnswer(reply, await this.call(route, request));
  }

  /** The service's answer to the request, not yet sent (for routes that act on it). */
  call(route: GatewayRoute, request: FastifyRequest): Promise<UpstreamAnswer> {
    return this.upstreams.call(route.upstream, {
      // HEAD reaches a GET route; the service answers it the same way.
      method: request.method === 'HEAD' ? 'HEAD' : route.method,
      path: upstreamPath(route.path, paramsOf(request), request.url),
      headers: upstreamRequestHeaders(request.headers, forwardingFacts(request)),
      body: rawBodyOf(request),
      timeoutMs: this.config.UPSTREAM_TIMEOUT_MS,
    });
  }
}

export function paramsOf(request: FastifyRequest): Record<string, string | undefined> {
  return (request.params ?? {}) as Record<string, string | undefined>;
}

/** The body as received: the gateway's content-type parser keeps it as bytes. */
function rawBodyOf(request: FastifyRequest): Buffer | undefined {
  return Buffer.isBuffer(request.body) && request.body.length > 0 ? request.body : undefined;
}
