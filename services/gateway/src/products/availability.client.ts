import { Inject, Injectable, Logger } from '@nestjs/common';
import { metrics } from '@shop/platform-telemetry';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { upstreamRequestHeaders, type ForwardingFacts } from '../proxy/headers.js';
import { LogThrottle } from '../support/log-throttle.js';
import { UpstreamClient } from '../upstream/upstream-client.service.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { availabilityAnswerSchema, type Availability } from './product-detail.schema.js';

/**
 * Live stock of one SKU from inventory, or `null` when inventory cannot say within
 * `AVAILABILITY_TIMEOUT_MS`: a product page without a stock figure beats no product page.
 */
@Injectable()
export class AvailabilityClient {
  private readonly logger = new Logger(AvailabilityClient.name);
  private readonly degradedLog = new LogThrottle(10_000);
  private readonly degraded = metrics.counter(
    'gateway_availability_degraded_total',
    'Product pages served without availability, by why inventory gave none.',
    ['reason'],
  );

  constructor(
    @Inject(UpstreamClient) private readonly upstreams: UpstreamClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async of(sku: string, facts: ForwardingFacts): Promise<Availability | null> {
    try {
      const answer = await this.upstreams.call('inventory', {
        method: 'POST',
        path: '/availability',
        headers: {
          ...upstreamRequestHeaders({}, facts),
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: Buffer.from(JSON.stringify({ skus: [sku] })),
        timeoutMs: this.config.AVAILABILITY_TIMEOUT_MS,
      });
      if (answer.status !== 200) return this.unknown(`status-${answer.status}`);
      const available = availableUnits(answer.body, sku);
      if (available === undefined) return this.unknown('bad-answer');
      return { available, inStock: available > 0 };
    } catch (err) {
      if (err instanceof UpstreamFailure) return this.unknown(err.reason);
      throw err;
    }
  }

  private unknown(reason: string): null {
    this.degraded.inc({ reason });
    if (this.degradedLog.shouldLog()) {
      this.logger.warn({ message: `serving products without availability: ${reason}`, reason });
    }
    return null;
  }
}

function availableUnits(body: Buffer, sku: string): number | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = availabilityAnswerSchema.safeParse(json);
  return parsed.success ? parsed.data.items.find((item) => item.sku === sku)?.available : undefined;
}
