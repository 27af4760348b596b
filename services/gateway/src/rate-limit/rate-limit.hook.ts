import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { API_PREFIX, type GatewayRoute } from '../routes/gateway-route.js';
import { ROUTES } from '../routes/route-table.js';
import { ipRules } from './rate-limit.js';
import { RateLimiter } from './rate-limiter.service.js';

/**
 * Counts every request to the API per client address in Fastify's `onRequest` hook, before the
 * token is checked: unknown paths and bad tokens cost an address its budget too, so neither
 * path scanning nor token guessing is free. Per-customer limits come later, once the token is
 * verified (`RouteDispatcher`). A refusal thrown here reaches the platform's problem filter.
 */
@Injectable()
export class RateLimitHook implements OnModuleInit {
  private readonly routes = new Map<string, GatewayRoute>(
    ROUTES.map((route) => [`${route.method} ${API_PREFIX}${route.path}`, route]),
  );

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Fastify gives a route its hooks when it becomes ready, so one added now covers them all.
    fastify.addHook('onRequest', (request, reply) => this.onRequest(request, reply));
  }

  private async onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.method === 'OPTIONS' || !request.url.startsWith(`${API_PREFIX}/`)) return;
    const route = this.routeOf(request);
    const rules = ipRules(this.config.REDIS_KEY_PREFIX, request.ip, route?.limit, this.config);
    await this.limiter.enforce(request, reply, rules);
  }

  private routeOf(request: FastifyRequest): GatewayRoute | undefined {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    return this.routes.get(`${method} ${request.routeOptions.url ?? ''}`);
  }
}
