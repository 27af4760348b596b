import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { upstreamRequestHeaders } from '../proxy/headers.js';
import { forwardingFacts, paramsOf, sendAnswer } from '../proxy/proxy.service.js';
import type { GatewayRoute } from '../routes/gateway-route.js';
import { upstreamPath } from '../routes/upstream-path.js';
import { UpstreamClient } from '../upstream/upstream-client.service.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { AvailabilityClient } from './availability.client.js';
import { catalogProductSchema } from './product-detail.schema.js';
import { ifNoneMatchHits, productEtag } from './product-etag.js';

/** Header telling whether `availability` is live (`live`) or could not be had (`unknown`). */
export const AVAILABILITY_STATUS_HEADER = 'availability-status';

/**
 * `GET /products/:idOrSlug`: the catalog's product with its live availability from inventory.
 * Inventory being slow, down or behind an open breaker degrades the answer (`availability:
 * null`, `Availability-Status: unknown`, not cached), it never fails it.
 */
@Injectable()
export class ProductDetailService {
  constructor(
    @Inject(UpstreamClient) private readonly upstreams: UpstreamClient,
    @Inject(AvailabilityClient) private readonly availability: AvailabilityClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async serve(route: GatewayRoute, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const facts = forwardingFacts(request);
    // No If-None-Match: the client's validator is the gateway's, which the catalog never made.
    const answer = await this.upstreams.call('catalog', {
      method: 'GET',
      path: upstreamPath(route.path, paramsOf(request), request.url),
      headers: upstreamRequestHeaders(request.headers, facts, ['accept-language', 'user-agent']),
      timeoutMs: this.config.UPSTREAM_TIMEOUT_MS,
    });
    if (answer.status !== 200) return sendAnswer(reply, answer);
    const product = catalogProduct(answer.body);
    const availability = await this.availability.of(product.sku, facts);
    const body = JSON.stringify({ ...product, availability });
    const etag = productEtag(body);
    void reply
      .header('etag', etag)
      // Stock moves all the time: a few seconds of caching, and none for a degraded answer.
      .header('cache-control', availability ? 'public, max-age=5' : 'no-store')
      .header(AVAILABILITY_STATUS_HEADER, availability ? 'live' : 'unknown');
    if (ifNoneMatchHits(request.headers['if-none-match'], etag)) {
      return void reply.status(304).send();
    }
    void reply.status(200).type('application/json; charset=utf-8').send(body);
  }
}

/** The catalog's product, which must at least name a valid SKU. */
function catalogProduct(body: Buffer): Record<string, unknown> & { sku: string } {
  try {
    return catalogProductSchema.parse(JSON.parse(body.toString('utf8')));
  } catch (err) {
    throw new UpstreamFailure('catalog', 'bad-response', { cause: err });
  }
}
