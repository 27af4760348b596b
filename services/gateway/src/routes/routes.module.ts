import { Module } from '@nestjs/common';
import { AvailabilityClient } from '../products/availability.client.js';
import { ProductDetailService } from '../products/product-detail.service.js';
import { ProxyService } from '../proxy/proxy.service.js';
import { RawBodyParser } from '../proxy/raw-body.parser.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { LogoutService } from '../revocation/logout.service.js';
import { EventStreamService } from '../streams/event-stream.service.js';
import { UpstreamModule } from '../upstream/upstream.module.js';
import { createProxyController } from './proxy.http.controller.js';
import { RouteDispatcher } from './route-dispatcher.service.js';
import { ROUTES } from './route-table.js';

/** The storefront API: every route of the table, forwarded to its service. */
@Module({
  imports: [UpstreamModule, RateLimitModule],
  controllers: [createProxyController(ROUTES)],
  providers: [
    RouteDispatcher,
    ProxyService,
    ProductDetailService,
    AvailabilityClient,
    EventStreamService,
    LogoutService,
    RawBodyParser,
  ],
})
export class RoutesModule {}
