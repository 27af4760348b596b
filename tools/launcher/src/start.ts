/**
 * `npm start`: the whole platform on this machine. Brings the backing servers up (tools/devstack),
 * starts the five services as separate processes (each runs its own migrations at boot), seeds
 * the demo shop, and prints where to shop. Ctrl-C stops the services; the backing servers stay up
 * for the next run (`npm run infra -- down` stops them).
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Platform } from './platform.ts';
import { ADMIN, CUSTOMER } from './demo-accounts.ts';
import { seedDemo } from './seed.ts';
import {
  DEFAULT_MANAGEMENT_PORTS,
  DEFAULT_PORTS,
  ROOT,
  type PlatformSettings,
} from './services.ts';
import type { Crash } from './supervisor.ts';

const say = (line: string) => process.stdout.write(`[start]     ${line}\n`);

function devstackUp(): Record<string, string> {
  const cli = join(ROOT, 'tools', 'devstack', 'src', 'cli.ts');
  const result = spawnSync(process.execPath, [cli, 'up'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the backing servers did not come up (see above)');
  const text = readFileSync(join(ROOT, '.devstack', 'devstack.env'), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function checkPorts(): Promise<void> {
  const ports: [string, number][] = [
    ...Object.entries(DEFAULT_PORTS),
    ...Object.entries(DEFAULT_MANAGEMENT_PORTS).map(([name, port]): [string, number] => [
      `${name} management`,
      port,
    ]),
  ];
  for (const [name, port] of ports) {
    if (!(await portFree(port))) {
      throw new Error(
        `port ${port} (${name}) is taken: is the platform already running? Stop it with Ctrl-C there.`,
      );
    }
  }
}

function settings(devstack: Record<string, string>): PlatformSettings {
  return {
    devstack,
    ports: DEFAULT_PORTS,
    managementPorts: DEFAULT_MANAGEMENT_PORTS,
    databases: { auth: 'auth', order: 'order' },
    mongoDatabase: 'catalog',
    cassandraKeyspace: 'inventory',
    namespace: '',
    otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://127.0.0.1:4318',
    admin: ADMIN,
    logLevel: process.env.LOG_LEVEL ?? 'info',
  };
}

function banner(platform: Platform): string {
  const api = `${platform.url('gateway')}/api/v1`;
  return `
The shop is open.
  Storefront API   ${api}
  API docs         ${platform.url('gateway')}/docs
  Demo customer    ${CUSTOMER.email} / ${CUSTOMER.password}
  Admin            ${ADMIN.email} / ${ADMIN.password}

Shop from a shell:
  curl -s '${api}/products?q=leather&limit=3'
  TOKEN=$(curl -s ${api}/auth/login -H 'content-type: application/json' \\
    -d '{"email":"${CUSTOMER.email}","password":"${CUSTOMER.password}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
  SKU=$(curl -s '${api}/products?limit=1' | node -pe 'JSON.parse(require("fs").readFileSync(0)).items[0].sku')
  curl -s ${api}/cart/items -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d "{\\"sku\\":\\"$SKU\\",\\"quantity\\":1}"
  curl -s -X POST ${api}/orders -H "authorization: Bearer $TOKEN" -H "idempotency-key: $(node -p 'crypto.randomUUID()')"
  curl -s ${api}/orders -H "authorization: Bearer $TOKEN"

Walk one checkout step by step: npm run tour (in another terminal)
Ctrl-C stops the services; npm run infra -- down stops the backing servers.
`;
}

let platform: Platform | undefined;
let stopping = false;
let ready = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (platform) {
    say('stopping the services…');
    await platform.stop();
    say('stopped. The backing servers are still up: npm run infra -- down stops them.');
  }
  process.exit(code);
}

/** Lines of a crashed service repeated under the crash, away from the other services' lines. */
const CRASH_LINES = 20;
let crashed = false;

function onCrash(crash: Crash): void {
  crashed = true;
  say(`*** ${crash.name} crashed (${crash.signal ?? `exit code ${crash.code}`}). Its last lines:`);
  for (const line of crash.lastLines.slice(-CRASH_LINES)) say(`  | ${line}`);
  if (!ready) void shutdown(1);
  else say('the other services keep running; fix it and run npm start again, or press Ctrl-C.');
}

async function main(): Promise<void> {
  const started = Date.now();
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  await checkPorts();
  say('bringing up the backing servers…');
  const shop = new Platform(settings(devstackUp()), undefined, onCrash);
  platform = shop;

  say('starting auth, catalog, inventory, order and gateway (migrations run as each boots)…');
  await shop.start();
  say(`all five services ready after ${((Date.now() - started) / 1000).toFixed(1)} s; seeding…`);
  await seedDemo({
    urls: {
      auth: shop.url('auth'),
      catalog: shop.url('catalog'),
      inventory: shop.url('inventory'),
      order: shop.url('order'),
    },
    catalog: shop.specs.catalog,
    products: 1000,
    admin: ADMIN,
    customer: CUSTOMER,
    log: say,
  });
  ready = true;
  say(`up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.stdout.write(banner(shop));
}

main().catch((error: unknown) => {
  const message = (error as Error).message;
  // After a crash its last lines are printed already: the first line of the error is enough.
  say(`failed: ${crashed ? message.split('\n')[0] : message}`);
  void shutdown(1);
});
