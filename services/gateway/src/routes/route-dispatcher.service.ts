import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '@shop/platform-http';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { ProductDetailService } from '../products/product-detail.service.js';
import { ProxyService } from '../proxy/proxy.service.js';
import { customerRules } from '../rate-limit/rate-limit.js';
import { RateLimiter } from '../rate-limit/rate-limiter.service.js';
import { LogoutService } from '../revocation/logout.service.js';
import { EventStreamService } from '../streams/event-stream.service.js';
import type { GatewayRoute } from './gateway-route.js';

/**
 * Serves one route once the platform's guards have let the request in (token verified, role
 * checked): counts it against the customer's limits, then forwards it the way its kind says.
 */
@Injectable()
export class RouteDispatcher {
  constructor(
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(ProxyService) private readonly proxy: ProxyService,
    @Inject(ProductDetailService) private readonly products: ProductDetailService,
    @Inject(EventStreamService) private readonly streams: EventStreamService,
    @Inject(LogoutService) private readonly logout: LogoutService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async dispatch(
    route: GatewayRoute,
    request: FastifyRequest,
    reply: FastifyReply,
    user: AuthenticatedUser | undefined,
  ): Promise<void> {
    if (user) {
      const prefix = this.config.REDIS_KEY_PREFIX;
      const rules = customerRules(prefix, user.id, route.limit, this.config);
      await this.limiter.enforce(request, reply, rules);
    }
    switch (route.kind) {
      case 'proxy':
        return this.proxy.forward(route, request, reply);
      case 'product-detail':
        return this.products.serve(route, request, reply);
      case 'event-stream':
        return this.streams.serve(route, request, reply);
      case 'logout':
        return this.logout.serve(route, request, reply);
    }
  }
}
