/**
 * The platform a bench or the load smoke test runs against: an `IsolatedPlatform` (free ports,
 * its own databases and topics, never disturbing `npm start`) with the gateway's rate limits
 * raised, so that a load run measures the services rather than the limiter.
 */
import { IsolatedPlatform, LOAD_RATE_LIMITS } from '@shop/launcher/isolated';
import type { ServiceName } from '@shop/launcher/services';

export { freePort } from '@shop/testing';
export type LocalPlatform = IsolatedPlatform;

export interface LocalPlatformOptions {
  products: number;
  /** Per-service environment over the defaults. */
  overrides?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Where spans go (default: a port where nothing listens, so they are dropped). */
  otlpEndpoint?: string;
  log?: (line: string) => void;
}

export const LocalPlatform = {
  start(options: LocalPlatformOptions): Promise<IsolatedPlatform> {
    const overrides = options.overrides ?? {};
    return IsolatedPlatform.start({
      name: 'load',
      products: options.products,
      admin: { email: 'admin@load.test', password: 'an admin password for load' },
      customer: {
        email: 'demo@load.test',
        password: 'a demo customer password',
        displayName: 'Load Demo',
      },
      otlpEndpoint: options.otlpEndpoint,
      log: options.log,
      overrides: {
        ...overrides,
        order: { PAYMENT_LATENCY_MS: '5', ...overrides.order },
        gateway: { ...LOAD_RATE_LIMITS, ...overrides.gateway },
      },
    });
  },
};
