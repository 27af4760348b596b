/**
 * `npm run tour`: one checkout, step by step, against the platform `npm start` runs. Prints each
 * HTTP call and its answer, each event as it crosses Kafka, each state change of the order, and
 * the trace id that ties them together.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { call, type CallOptions, type JsonAnswer } from './http.ts';
import { ROOT } from './services.ts';
import { ADMIN, CUSTOMER } from './demo-accounts.ts';

const API = process.env.TOUR_API ?? 'http://127.0.0.1:3000/api/v1';
const TOPICS = ['order.order.v1', 'inventory.stock.v1'];
const started = Date.now();

function print(kind: string, text: string): void {
  const at = ((Date.now() - started) / 1000).toFixed(2).padStart(6);
  process.stdout.write(`${at}s  ${kind.padEnd(6)} ${text}\n`);
}

function short(value: unknown, max = 400): string {
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

async function http<T>(what: string, path: string, options: CallOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  process.stdout.write(`\n── ${what}\n`);
  print('HTTP', `${method} /api/v1${path}${options.body ? ` ${short(options.body)}` : ''}`);
  const answer: JsonAnswer<T> = await call<T>(`${API}${path}`, options);
  print('  ←', `${answer.status} ${short(answer.body)}`);
  if (answer.status >= 400) throw new Error(`${what} failed: HTTP ${answer.status}`);
  return answer.body;
}

function brokers(): string[] {
  const text = readFileSync(join(ROOT, '.devstack', 'devstack.env'), 'utf8');
  const line = text.split('\n').find((entry) => entry.startsWith('KAFKA_BROKERS='));
  return (line?.slice('KAFKA_BROKERS='.length) ?? '127.0.0.1:19092').split(',');
}

/** Prints every event of the saga's topics from now on, until stopped. */
async function watchKafka(): Promise<Consumer> {
  const kafka = new Kafka({ clientId: 'tour', brokers: brokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `tour-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: TOPICS, fromBeginning: false });
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const event = JSON.parse(message.value?.toString() ?? '{}') as Record<string, unknown>;
      const data = event.data as Record<string, unknown> | undefined;
      const detail = data?.status ?? data?.reason;
      const extra = typeof detail === 'string' ? detail : '';
      print('KAFKA', `${topic}  ${String(event.type)}  subject=${String(event.subject)} ${extra}`);
      await Promise.resolve();
    },
  });
  await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  return consumer;
}

/** Follows the order's server-sent events until it reaches a terminal state (at most 60 s). */
async function followOrder(id: string, token: string): Promise<void> {
  process.stdout.write(`\n── following GET /api/v1/orders/${id}/events (server-sent events)\n`);
  const response = await fetch(`${API}/orders/${id}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok || !response.body) throw new Error(`event stream: HTTP ${response.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    const frames = buffer.split('\n\n');
    buffer = frames.pop() ?? '';
    for (const frame of frames) {
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('');
      if (!data) continue;
      print('SSE', data);
      if (/"(CONFIRMED|REJECTED|CANCELLED)"/.test(data)) return;
    }
  }
}

async function main(): Promise<void> {
  process.stdout.write(`A checkout, step by step, against ${API}\n`);
  const consumer = await watchKafka();
  try {
    const login = await http<{ accessToken: string }>('the customer signs in', '/auth/login', {
      body: { email: CUSTOMER.email, password: CUSTOMER.password },
    });
    const token = login.accessToken;
    const page = await http<{ items: { id: string; sku: string; name: string }[] }>(
      'they search the catalog',
      '/products?q=leather&limit=3',
    );
    const product =
      page.items[0] ?? (await http<typeof page>('…anything', '/products?limit=1')).items[0];
    if (!product) throw new Error('the catalog is empty: did npm start seed it?');
    await http('they open the product: catalog data and live stock', `/products/${product.id}`);
    await http('they put one in the cart', '/cart/items', {
      body: { sku: product.sku, quantity: 1 },
      token,
    });
    const traceId = randomBytes(16).toString('hex');
    const order = await http<{ id: string }>(
      'they check out (the order service answers 202 at once)',
      '/orders',
      {
        method: 'POST',
        token,
        headers: {
          'idempotency-key': randomUUID(),
          traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
        },
      },
    );
    await followOrder(order.id, token);
    await http('the order, settled', `/orders/${order.id}`, { token });
    const admin = await call<{ accessToken: string }>(`${API}/auth/login`, {
      body: { email: ADMIN.email, password: ADMIN.password },
    });
    await http('the stock of what they bought (admin view)', `/admin/stock/${product.sku}`, {
      token: admin.body.accessToken,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    process.stdout.write(
      `\nTrace id ${traceId}: every span of this checkout (gateway, order, inventory, both Kafka hops)\n` +
        `carries it; look it up in the tracing backend at OTEL_EXPORTER_OTLP_ENDPOINT.\n`,
    );
  } finally {
    await consumer.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\nThe tour stopped: ${(error as Error).message}\nIs the platform running (npm start)?\n`,
  );
  process.exitCode = 1;
});
