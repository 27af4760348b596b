import { randomUUID } from 'node:crypto';
import { call, expectStatus, poll, type CallOptions, type JsonAnswer } from './http.ts';

export interface Order {
  id: string;
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED';
  statusReason?: string;
  lines: { sku: string; quantity: number }[];
}

export interface Stock {
  sku: string;
  available: number;
  reserved: number;
  committed: number;
}

/** Somebody using the storefront API through the gateway, with their token once signed in. */
export class Shopper {
  token = '';

  constructor(readonly api: string) {}

  request<T = unknown>(path: string, options: CallOptions = {}): Promise<JsonAnswer<T>> {
    return call<T>(`${this.api}${path}`, { token: this.token || undefined, ...options });
  }

  async register(email: string, password: string): Promise<void> {
    const answer = await this.request<{ accessToken: string }>('/auth/register', {
      body: { email, password },
    });
    this.token = expectStatus(answer, `registering ${email}`, 201).accessToken;
  }

  async login(email: string, password: string): Promise<void> {
    const answer = await this.request<{ accessToken: string }>('/auth/login', {
      body: { email, password },
    });
    this.token = expectStatus(answer, `login of ${email}`, 200).accessToken;
  }

  async addToCart(sku: string, quantity: number): Promise<void> {
    expectStatus(
      await this.request('/cart/items', { body: { sku, quantity } }),
      `adding ${sku}`,
      200,
      201,
    );
  }

  /** Checks the cart out; `headers` may carry a `traceparent` to follow. */
  async checkout(headers: Record<string, string> = {}): Promise<Order> {
    const answer = await this.request<Order>('/orders', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID(), ...headers },
    });
    return expectStatus(answer, 'checkout', 202, 201);
  }

  async order(id: string): Promise<Order> {
    return expectStatus(await this.request<Order>(`/orders/${id}`), `order ${id}`, 200);
  }

  /** Polls the order until it leaves PENDING (bounded), and returns it. */
  async settled(id: string): Promise<Order> {
    let order = await this.order(id);
    await poll(
      `order ${id} to leave PENDING`,
      async () => (order = await this.order(id)).status !== 'PENDING',
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    return order;
  }

  async stock(sku: string): Promise<Stock> {
    return expectStatus(
      await this.request<Stock>(`/admin/stock/${encodeURIComponent(sku)}`),
      `stock of ${sku}`,
      200,
    );
  }

  async setStock(sku: string, available: number): Promise<Stock> {
    const answer = await this.request<Stock>(`/admin/stock/${encodeURIComponent(sku)}`, {
      method: 'PUT',
      body: { available, reason: 'e2e' },
    });
    return expectStatus(answer, `setting the stock of ${sku}`, 200);
  }

  /** Polls the stock of `sku` until `predicate` holds (bounded), and returns it. */
  async stockUntil(sku: string, predicate: (stock: Stock) => boolean): Promise<Stock> {
    let stock = await this.stock(sku);
    await poll(
      `the stock of ${sku} to settle`,
      async () => predicate((stock = await this.stock(sku))),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    return stock;
  }
}
