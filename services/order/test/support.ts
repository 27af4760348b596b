import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Consumer, Kafka } from 'kafkajs';
import pg from 'pg';
import {
  problemContentType,
  productArchived,
  productCreated,
  productUpdated,
  stockReleased,
  stockReservationFailed,
  stockReserved,
  topics,
  type EventDefinition,
  type EventEnvelope,
  type OrderResponse,
} from '@shop/contracts';
import { createHttpApp, type HttpApp } from '@shop/platform-http';
import { createEnvelope, EventPublisher } from '@shop/platform-messaging';
import { devstackEnv, freePort, provisionTestTopics, uniqueName, waitFor } from '@shop/testing';
import { orderHttpOptions, type OrderAppOptions } from '../src/config/http.config.js';
import { parseOrderConfig, type OrderConfig } from '../src/config/order.config.js';

export const ISSUER = 'https://auth.shop.test';
export const AUDIENCE = 'shop-api';
const root = join(import.meta.dirname, '..', '..', '..');

/**
 * A stand-in for the auth service: a JWKS on 127.0.0.1 and EdDSA access tokens (`typ: at+jwt`)
 * for any subject and roles.
 */
export class TestAuth {
  private constructor(
    private readonly server: Server,
    private readonly privateKey: CryptoKey,
    readonly jwksUrl: string,
  ) {}

  static async start(): Promise<TestAuth> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'EdDSA', use: 'sig' };
    const body = JSON.stringify({ keys: [jwk] });
    const server = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new TestAuth(server, privateKey, `http://127.0.0.1:${port}/.well-known/jwks.json`);
  }

  /** A five-minute access token of `subject`. */
  token(subject: string, roles: string[] = ['customer']): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ roles })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key', typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(subject)
      .setIssuedAt(now - 5)
      .setExpirationTime(now + 300)
      .sign(this.privateKey);
  }

  /** A client acting as a new customer (or as `subject`). */
  async customer(url: string, subject: string = randomUUID()): Promise<Api> {
    return new Api(url, await this.token(subject), subject);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

/** Everything one test file's order instances share: database, topics, Redis keys, auth. */
export interface TestSetup {
  databaseUrl: string;
  topicPrefix: string;
  jwksUrl: string;
  redisKeyPrefix?: string;
  extra?: NodeJS.ProcessEnv;
}

/** The environment of an order instance of a test file. */
export function orderEnv(setup: TestSetup, port = 0): NodeJS.ProcessEnv {
  const servers = devstackEnv();
  return {
    PORT: String(port || 3004),
    HOST: '127.0.0.1',
    POSTGRES_URL: setup.databaseUrl,
    REDIS_URL: servers.REDIS_URL,
    REDIS_KEY_PREFIX: setup.redisKeyPrefix ?? `${setup.topicPrefix.replace(/\.$/, '')}:`,
    KAFKA_BROKERS: servers.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: setup.topicPrefix,
    KAFKA_GROUP_ID: `${setup.topicPrefix}order`,
    CART_TTL_SECONDS: '600',
    PAYMENT_LATENCY_MS: '5',
    AUTH_JWKS_URL: setup.jwksUrl,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    LOG_LEVEL: 'warn',
    ...setup.extra,
  };
}

/** Prints only errors: a failing test shows why, a passing one stays quiet. */
export class QuietLogger implements LoggerService {
  log(): void {}
  warn(): void {}
  debug(): void {}
  verbose(): void {}
  error(message: unknown, ...params: unknown[]): void {
    process.stderr.write(
      `[order error] ${JSON.stringify(message)} ${params.map(String).join(' ')}\n`,
    );
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.error(message, ...params);
  }
}

/** An order instance in this process, listening on a free port of 127.0.0.1. */
export interface RunningOrder {
  url: string;
  /** The management listener: probes and `/metrics`. */
  managementUrl: string;
  app: HttpApp['app'];
  config: OrderConfig;
  close(): Promise<void>;
}

/** Builds the app as `main.ts` does (same options) and listens. */
export async function startOrder(
  env: NodeJS.ProcessEnv,
  options: OrderAppOptions = {},
): Promise<RunningOrder> {
  const config = parseOrderConfig(env);
  await provisionTestTopics(env, { order: config.kafka.groupId });
  const { app, management, shutdown } = await createHttpApp({
    ...orderHttpOptions(config, { logger: new QuietLogger(), ...options }),
    shutdownTimeoutMs: 15_000,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const managementUrl = await management.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, managementUrl, app, config, close: () => shutdown() };
}

/** Shared with the tests that import it from here. */
export { freePort };

/** `services/order/src/main.ts` as a child process, run from its TypeScript sources. */
export class OrderProcess {
  private output = '';
  readonly exited: Promise<NodeJS.Signals | number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? code)),
    );
  }

  /** Starts it and waits (at most 60 s) until it is ready. */
  static async start(setup: TestSetup): Promise<OrderProcess> {
    const port = await freePort();
    const managementPort = await freePort();
    const env = orderEnv(setup, port);
    await provisionTestTopics(env, { order: env.KAFKA_GROUP_ID ?? 'order' });
    const child = spawn(
      process.execPath,
      [
        '--import',
        join(root, 'tools/ts-loader/register.mjs'),
        join(root, 'services/order/src/main.ts'),
      ],
      {
        cwd: root,
        env: { ...process.env, ...env, MANAGEMENT_PORT: String(managementPort) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const instance = new OrderProcess(child, `http://127.0.0.1:${port}`);
    let exited = false;
    void instance.exited.then(() => (exited = true));
    try {
      await waitFor(
        async () => {
          if (exited) throw new Error('exited');
          const response = await fetch(`http://127.0.0.1:${managementPort}/health/ready`, {
            signal: AbortSignal.timeout(2_000),
          });
          return response.ok;
        },
        { timeoutMs: 60_000, intervalMs: 250, what: 'the order process to be ready' },
      );
    } catch (error) {
      instance.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${instance.output}`);
    }
    return instance;
  }

  get log(): string {
    return this.output;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL if the graceful shutdown takes more than 15 s. */
  async stop(): Promise<void> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** One customer's (or admin's) HTTP client; every request is bounded in time. */
export class Api {
  constructor(
    readonly url: string,
    readonly token: string | undefined,
    readonly subject?: string,
  ) {}

  request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  }

  get(path: string): Promise<Response> {
    return this.request('GET', path);
  }

  addToCart(sku: string, quantity: number): Promise<Response> {
    return this.request('POST', '/cart/items', { sku, quantity });
  }

  checkout(key: string | undefined, body?: unknown): Promise<Response> {
    return this.request(
      'POST',
      '/orders',
      body,
      key === undefined ? {} : { 'idempotency-key': key },
    );
  }

  /** Fills the cart and checks out: the new PENDING order. */
  async placeOrder(lines: { sku: string; quantity: number }[]): Promise<OrderResponse> {
    for (const line of lines) await jsonOf(await this.addToCart(line.sku, line.quantity), 200);
    return jsonOf<OrderResponse>(await this.checkout(randomUUID()), 202);
  }

  async order(id: string): Promise<OrderResponse> {
    return jsonOf<OrderResponse>(await this.get(`/orders/${id}`), 200);
  }
}

/** The JSON body of a problem response, with its media type checked. */
export async function problemOf(response: Response): Promise<Record<string, unknown>> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith(problemContentType)) {
    throw new Error(
      `expected ${problemContentType}, got ${response.status} ${type}: ${await response.text()}`,
    );
  }
  return (await response.json()) as Record<string, unknown>;
}

/** The JSON body of a success, with the status checked first (the body explains a failure). */
export async function jsonOf<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** A product the tests sell, as the catalog announces it. */
export interface TestProduct {
  productId: string;
  sku: string;
  name: string;
  price: number;
  status?: 'active' | 'archived';
  productVersion?: number;
}

/** What a `stock.reserved` says is held; the order's own reservation and lines by default. */
export interface Hold {
  reservationId?: string;
  lines?: { sku: string; quantity: number }[];
}

/**
 * Plays the catalog and inventory on the file's (prefixed) topics. With the order database's
 * `pool`, it answers as inventory does: naming the reservation the order asked for.
 */
export class OtherServices {
  private readonly publisher: EventPublisher;

  constructor(
    kafka: Kafka,
    topicPrefix: string,
    private readonly pool?: pg.Pool,
  ) {
    this.publisher = new EventPublisher(kafka, topicPrefix);
  }

  /**
   * The reservation id the order sent inventory in `order.placed`; for an order that named none
   * (placed before orders did), a new one, as inventory then picks its own.
   */
  async reservationOf(orderId: string): Promise<string> {
    if (!this.pool) throw new Error('OtherServices needs the order database to know a reservation');
    const { rows } = await this.pool.query<{ reservation_id: string | null }>(
      'SELECT reservation_id FROM orders WHERE id = $1',
      [orderId],
    );
    if (rows.length === 0) throw new Error(`no order ${orderId}`);
    return rows[0].reservation_id ?? randomUUID();
  }

  /** `product.created`, or `product.updated` with `updated`, carrying the product's state. */
  async productCreated(product: TestProduct, updated = false): Promise<EventEnvelope> {
    const definition = updated ? productUpdated : productCreated;
    const event = createEnvelope(definition, {
      source: 'catalog',
      subject: product.productId,
      data: {
        productId: product.productId,
        sku: product.sku,
        name: product.name,
        slug: product.sku.toLowerCase(),
        categoryId: 'cat-1',
        price: { amount: product.price, currency: 'EUR' },
        status: product.status ?? 'active',
        productVersion: product.productVersion ?? 1,
      },
    });
    await this.publisher.publish(definition, event);
    return event;
  }

  async productArchived(product: TestProduct): Promise<EventEnvelope> {
    const event = createEnvelope(productArchived, {
      source: 'catalog',
      subject: product.productId,
      data: {
        productId: product.productId,
        sku: product.sku,
        productVersion: product.productVersion ?? 2,
      },
    });
    await this.publisher.publish(productArchived, event);
    return event;
  }

  async stockReserved(order: OrderResponse, hold: Hold = {}) {
    const event = createEnvelope(stockReserved, {
      source: 'inventory',
      subject: order.id,
      data: {
        orderId: order.id,
        reservationId: hold.reservationId ?? (await this.reservationOf(order.id)),
        lines: hold.lines ?? order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
        expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
      },
    });
    await this.publisher.publish(stockReserved, event);
    return event;
  }

  async reservationFailed(order: OrderResponse) {
    const event = createEnvelope(stockReservationFailed, {
      source: 'inventory',
      subject: order.id,
      data: {
        orderId: order.id,
        shortLines: order.lines.map(({ sku, quantity }) => ({
          sku,
          requested: quantity,
          available: 0,
        })),
      },
    });
    await this.publisher.publish(stockReservationFailed, event);
    return event;
  }

  async stockReleased(order: OrderResponse, reservationId: string) {
    const event = createEnvelope(stockReleased, {
      source: 'inventory',
      subject: order.id,
      data: {
        orderId: order.id,
        reservationId,
        reason: 'expired',
        lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      },
    });
    await this.publisher.publish(stockReleased, event);
    return event;
  }

  /** Publishes an event again, as a redelivery would (same id). */
  async redeliver<TType extends string>(
    definition: EventDefinition<TType>,
    event: EventEnvelope<unknown, TType>,
  ): Promise<void> {
    await this.publisher.publish(definition, event);
  }

  disconnect(): Promise<void> {
    return this.publisher.disconnect();
  }
}

/** Every event on the file's order topic, as it arrives. */
export class OrderEvents {
  readonly received: EventEnvelope[] = [];
  private readonly consumer: Consumer;
  private readonly topic: string;

  constructor(kafka: Kafka, topicPrefix: string) {
    this.consumer = kafka.consumer({ groupId: uniqueName('order_events') });
    this.topic = `${topicPrefix}${topics.orderOrder}`;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value)
          this.received.push(JSON.parse(message.value.toString()) as EventEnvelope);
      },
    });
  }

  of(orderId: string, type?: string): EventEnvelope[] {
    return this.received.filter(
      (event) => event.subject === orderId && (!type || event.type === type),
    );
  }

  /** Waits (at most 20 s) for the order's event of `type`. */
  waitFor(orderId: string, type: string): Promise<EventEnvelope> {
    return waitFor(() => this.of(orderId, type)[0], {
      timeoutMs: 20_000,
      what: `${type} of ${orderId}`,
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

/** A pool on the file's database, for what the API does not show (outbox, inbox, projection). */
export function testPool(databaseUrl: string): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max: 2 });
}

export async function count(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<number> {
  const result = await pool.query<{ count: string }>(sql, params);
  return Number(result.rows[0].count);
}

/** Waits until the price projection holds `n` products (the catalog's events were consumed). */
export async function waitForProjection(pool: pg.Pool, n: number): Promise<void> {
  await waitFor(async () => (await count(pool, 'SELECT count(*) FROM product_prices')) >= n, {
    timeoutMs: 30_000,
    what: `${n} products in the price projection`,
  });
}

/** Waits until the order reaches `status` (polling its API). */
export async function waitForStatus(
  api: Api,
  orderId: string,
  status: string,
): Promise<OrderResponse> {
  return waitFor(
    async () => {
      const order = await api.order(orderId);
      return order.status === status ? order : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 100, what: `order ${orderId} to be ${status}` },
  );
}

/** What an SSE client of `GET /orders/:id/events` received. */
export interface StatusStream {
  status: number;
  contentType: string | null;
  /** Each `status` event's data, in arrival order. */
  updates: { status: string; version: number; statusReason?: string }[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
}

/** Opens an order's status stream and reads it in the background (at most 60 s). */
export async function openStatusStream(
  url: string,
  token: string,
  orderId: string,
): Promise<StatusStream> {
  const response = await fetch(`${url}/orders/${orderId}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: AbortSignal.timeout(60_000),
  });
  const updates: StatusStream['updates'] = [];
  const read = async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (block.includes('event: status') && data) {
          updates.push(JSON.parse(data.slice(6)) as StatusStream['updates'][number]);
        }
      }
    }
  };
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    updates,
    ended: read(),
  };
}
