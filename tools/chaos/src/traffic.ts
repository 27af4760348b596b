/**
 * Checkout traffic as careful clients make it, for suites that break the platform underneath:
 * every command carries what makes a retry safe (an Idempotency-Key for a checkout), and every
 * "try again" answer (429, 502, 503, 504, or no answer at all while a service restarts) is tried
 * again after `Retry-After` or a jittered back-off, a bounded number of times.
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
      if (attempt >= MAX_ATTEMPTS) throw error;
    }
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

/**
 * `shoppers` customers, each checking out one line of a random SKU of `skus` after another until
 * `stop()`; every order the platform accepted is kept, to be followed to its end state.
 */
export class CheckoutTraffic {
  readonly placed: Placed[] = [];
  readonly stats: RetryStats = { retried: 0 };
  readonly failures: string[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly customers: Shopper[],
    private readonly skus: string[],
  ) {}

  start(): void {
    this.running = true;
    this.loops = this.customers.map((customer) => this.shop(customer));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async shop(customer: Shopper): Promise<void> {
    // Bounded: a loop ends at stop() or after 1,000 checkouts, whichever comes first.
    for (let i = 0; this.running && i < 1_000; i += 1) {
      const sku = this.skus[Math.floor(Math.random() * this.skus.length)];
      try {
        await withRetries(
          `adding ${sku}`,
          this.stats,
          () => customer.request('/cart/items', { body: { sku, quantity: 1 } }),
          200,
          201,
        );
        this.placed.push({ customer, order: await carefulCheckout(customer, this.stats) });
      } catch (error) {
        this.failures.push((error as Error).message);
      }
      await sleep(100 + Math.random() * 200);
    }
  }
}
