import { allSkus } from '@shop/launcher/seed';
import { closeConnections, send } from '../../src/http.ts';
import {
  CHAOS_ADMIN,
  startChaosPlatform,
  type BackendService,
  type ChaosPlatform,
} from '../../src/platform.ts';
import { Client } from './customer.ts';
import { expectOk } from './problem.ts';

interface ProductSummary {
  id: string;
  sku: string;
  version?: number;
}

/**
 * The platform the attacks run against, with the real rate limits: the admin signed in, the
 * seeded SKUs handed out one per test so that no test sees another's stock.
 */
export class AttackTarget {
  // The first three SKUs stay as seeded: the access tests read them and check nothing changed.
  private nextSku = 3;

  private constructor(
    readonly chaos: ChaosPlatform,
    readonly admin: Client,
    readonly skus: string[],
  ) {}

  static async start(products: number): Promise<AttackTarget> {
    const chaos = await startChaosPlatform({
      name: 'chaos_attacks',
      products,
      // As behind the chart's ingress: the one hop in front (this suite) says who the client
      // is, so that each login-limit test speaks for an address of its own.
      overrides: { gateway: { TRUSTED_PROXIES: '1' } },
    });
    try {
      const admin = await new Client(chaos.shop.api).login(CHAOS_ADMIN.email, CHAOS_ADMIN.password);
      const skus = await allSkus(chaos.shop.platform.url('catalog'));
      return new AttackTarget(chaos, admin, skus);
    } catch (error) {
      await chaos.shop.stop();
      throw error;
    }
  }

  get api(): string {
    return this.chaos.shop.api;
  }

  /** A service's own base URL: the door behind the gateway. */
  service(name: BackendService): string {
    return this.chaos.shop.platform.url(name);
  }

  async customer(): Promise<Client> {
    return new Client(this.api).register();
  }

  /** A SKU no other test uses, stocked with `units`. */
  async freshSku(units = 50): Promise<string> {
    const sku = this.skus[this.nextSku++];
    if (!sku) throw new Error('the seeded catalog ran out of SKUs for the attacks');
    const answer = await this.admin.call(`/admin/stock/${sku}`, {
      method: 'PUT',
      body: { available: units, reason: 'chaos attacks' },
    });
    expectOk(answer);
    return sku;
  }

  /** Several fresh SKUs at once. */
  async freshSkus(count: number, units = 50): Promise<string[]> {
    const skus: string[] = [];
    for (let i = 0; i < count; i++) skus.push(await this.freshSku(units));
    return skus;
  }

  async product(sku: string): Promise<ProductSummary> {
    // The seeded catalog fits one page of 100.
    const answer = await this.admin.call<{ items: ProductSummary[] }>('/products?limit=100');
    const found = expectOk(answer).items.find((item) => item.sku === sku);
    if (!found) throw new Error(`product ${sku} is not on the first page`);
    return found;
  }

  /**
   * Restarts the gateway with `environment` over its own (e.g. the default `TRUSTED_PROXIES`),
   * runs `body`, then restarts it as it was.
   */
  async withGateway<T>(environment: Record<string, string>, body: () => Promise<T>): Promise<T> {
    await this.chaos.shop.restart('gateway', environment);
    try {
      return await body();
    } finally {
      closeConnections();
      await this.chaos.shop.restart('gateway');
    }
  }

  async stop(): Promise<void> {
    closeConnections();
    await this.chaos.shop.stop();
  }

  lastOutput(): string {
    return this.chaos.shop.lastOutput();
  }

  /** Every service still answers its readiness probe. */
  async readiness(): Promise<Record<string, number>> {
    const names = ['auth', 'catalog', 'inventory', 'order', 'gateway'] as const;
    const statuses: Record<string, number> = {};
    for (const name of names) {
      const url = `${this.chaos.shop.platform.managementUrl(name)}/health/ready`;
      statuses[name] = (await send({ url, timeoutMs: 5_000 })).status;
    }
    return statuses;
  }
}
