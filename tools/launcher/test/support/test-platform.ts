import { startOtlpReceiver, type OtlpReceiver } from '@shop/testing';
import { IsolatedPlatform } from '../../src/isolated-platform.ts';
import type { Credentials } from '../../src/seed.ts';

export const ADMIN: Credentials = {
  email: 'admin@e2e.test',
  password: 'an admin password for e2e',
};

/**
 * One run of the whole platform for the end-to-end suite (an `IsolatedPlatform`), exporting its
 * traces to a receiver here, so the suite can follow a checkout across HTTP and Kafka.
 */
export class TestPlatform {
  private constructor(
    readonly shop: IsolatedPlatform,
    readonly traces: OtlpReceiver,
  ) {}

  static async start(products: number): Promise<TestPlatform> {
    const traces = await startOtlpReceiver();
    try {
      const shop = await IsolatedPlatform.start({
        name: 'e2e',
        products,
        admin: ADMIN,
        customer: {
          email: 'demo@e2e.test',
          password: 'a demo customer password',
          displayName: 'Demo',
        },
        otlpEndpoint: traces.url,
        overrides: {
          // A payment answer in a blink; a saga timeout that never fires within a test.
          order: { PAYMENT_LATENCY_MS: '5' },
          // The suite logs in and checks out more often than a person would in a minute.
          gateway: { RATE_LIMIT_LOGIN_PER_IP: '200', RATE_LIMIT_CHECKOUT_PER_CUSTOMER: '200' },
        },
      });
      return new TestPlatform(shop, traces);
    } catch (error) {
      await traces.close();
      throw error;
    }
  }

  get platform() {
    return this.shop.platform;
  }

  get api(): string {
    return this.shop.api;
  }

  restart(...args: Parameters<IsolatedPlatform['restart']>): Promise<void> {
    return this.shop.restart(...args);
  }

  lastOutput(lines?: number): string {
    return this.shop.lastOutput(lines);
  }

  async stop(): Promise<void> {
    await this.shop.stop();
    await this.traces.close();
  }
}
