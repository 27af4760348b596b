/**
 * Checkout and browse traffic as careful clients make it, for suites that break the platform
 * underneath: every command carries what makes a retry safe (an Idempotency-Key for a checkout),
 * and every "try again" answer (429, 502, 503, 504, or no answer at all while a service restarts)
 * is tried again after `Retry-After` or a jittered back-off, a bounded number of times.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonAnswer } from '@shop/launcher/http';
import type { Order, Shopper } from '@shop/launcher/shopper';

const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_ATTEMPTS = 12;

export interface RetryStats {
  /** Answers that said "try again", and calls that got no answer, all retried. */
  retried: number;
  /** Answers with a status of 500 or more, retried or not. */
  serverErrors: number;
  /** Calls that got no answer at all (a connection refused or cut). */
  unanswered: number;
}

export function newRetryStats(): RetryStats {
  return { retried: 0, serverErrors: 0, unanswered: 0 };
}

/** `send` until it answers one of `ok`, retrying what says "try again"; throws otherwise. */
export async function withRetries<T>(
  what: string,
  stats: RetryStats,
  send: () => Promise<JsonAnswer<T>>,
  ...ok: number[]
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    let answer: JsonAnswer<T> | undefined;
    try {
      answer = await send();
    } catch (error) {
      // No answer (a connection refused or cut while a service restarts): as good as a 503.
      stats.unanswered += 1;
      if (attempt >= MAX_ATTEMPTS) throw error;
    }
    if (answer && answer.status >= 500) stats.serverErrors += 1;
    if (answer && ok.includes(answer.status)) return answer.body;
    if (answer && (!RETRYABLE.has(answer.status) || attempt >= MAX_ATTEMPTS)) {
      throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    stats.retried += 1;
    const retryAfterMs = Number(answer?.headers.get('retry-after') ?? 0) * 1000;
    const backoffMs = Math.min(250 * 2 ** attempt, 8_000);
    await sleep(Math.max(retryAfterMs, backoffMs) * (0.5 + Math.random()));
  }
}

/** A checkout with one Idempotency-Key for all its attempts: placed once, whatever happens. */
export function carefulCheckout(customer: Shopper, stats: RetryStats): Promise<Order> {
  const key = randomUUID();
  return withRetries(
    'checkout',
    stats,
    () =>
      customer.request<Order>('/orders', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        timeoutMs: 30_000,
      }),
    201,
    202,
  );
}

export interface Placed {
  customer: Shopper;
  order: Order;
}

/** Customers each taking one step after another until `stop()`; what they gave up is kept. */
abstract class Traffic {
  readonly stats = newRetryStats();
  readonly failures: string[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly customers: Shopper[]) {}

  start(): void {
    this.running = true;
    this.loops = this.customers.map((customer) => this.loop(customer));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  protected abstract step(customer: Shopper): Promise<void>;

  private async loop(customer: Shopper): Promise<void> {
    // Bounded: a loop ends at stop() or after 1,000 steps, whichever comes first.
    for (let i = 0; this.running && i < 1_000; i += 1) {
      try {
        await this.step(customer);
      } catch (error) {
        this.failures.push((error as Error).message);
      }
      await sleep(100 + Math.random() * 200);
    }
  }
}

/**
 * Customers each checking out one line of a random SKU of `skus` after another until `stop()`;
 * every order the platform accepted is kept, to be followed to its end state.
 */
export class CheckoutTraffic extends Traffic {
  readonly placed: Placed[] = [];

  constructor(
    customers: Shopper[],
    private readonly skus: string[],
  ) {
    super(customers);
  }

  protected async step(customer: Shopper): Promise<void> {
    const sku = this.skus[Math.floor(Math.random() * this.skus.length)];
    await withRetries(
      `adding ${sku}`,
      this.stats,
      () => customer.request('/cart/items', { body: { sku, quantity: 1 } }),
      200,
      201,
    );
    this.placed.push({ customer, order: await carefulCheckout(customer, this.stats) });
  }
}

/**
 * Customers each browsing until `stop()`: a page of products, one product's page (with its live
 * stock), their account and their cart, so that every service behind the gateway is read.
 */
export class BrowseTraffic extends Traffic {
  protected async step(customer: Shopper): Promise<void> {
    const page = await withRetries(
      'listing products',
      this.stats,
      () => customer.request<{ items: { id: string }[] }>('/products?limit=20'),
      200,
    );
    const product = page.items[Math.floor(Math.random() * page.items.length)];
    if (product) {
      await withRetries(
        `product ${product.id}`,
        this.stats,
        () => customer.request(`/products/${product.id}`),
        200,
      );
    }
    await withRetries('the account', this.stats, () => customer.request('/auth/me'), 200);
    await withRetries('the cart', this.stats, () => customer.request('/cart'), 200);
  }
}
