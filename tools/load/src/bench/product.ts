/** (1) A product's JSON from a bare `node:http` server against the same product through the gateway. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type LocalPlatform } from '../local-platform.ts';
import { ROOT } from '../paths.ts';
import { call } from '@shop/launcher/http';
import { closedLoop } from './closed-loop.ts';
import { startChild, stopChild, timeToReady } from './processes.ts';
import { log, r1, r2, settings, type Results } from './results.ts';
import { peakRss } from './service-memory.ts';

export async function productBench(
  local: LocalPlatform,
  results: Results,
  underLoad: Record<string, number>,
): Promise<string> {
  const page = await call<{ items: { id: string }[] }>(`${local.api}/products?limit=1`);
  const id = page.body.items[0].id;
  const product = await call<unknown>(`${local.api}/products/${id}`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  const bodyFile = join(dir, 'product.json');
  writeFileSync(bodyFile, JSON.stringify(product.body));
  const port = await freePort();
  const bare = startChild(
    [
      '--import',
      join(ROOT, 'tools', 'ts-loader', 'register.mjs'),
      join(ROOT, 'tools', 'load', 'src', 'bench', 'bare-http.ts'),
    ],
    {
      PORT: String(port),
      BODY_FILE: bodyFile,
    },
  );
  try {
    await timeToReady(bare, performance.now(), `http://127.0.0.1:${port}/`);
    log(`(1) bare node:http, ${settings.connections} connections, ${settings.seconds} s`);
    const bareResult = await closedLoop(`http://127.0.0.1:${port}/`, {
      connections: settings.connections,
      durationMs: settings.seconds * 1000,
    });
    log(
      `    ${r1(bareResult.requestsPerSecond)} req/s, p50 ${r2(bareResult.p50Ms)} ms, p99 ${r2(bareResult.p99Ms)} ms`,
    );
    log(
      `(1) GET /api/v1/products/:id through the gateway (tracing on), ${settings.connections} connections, ${settings.seconds} s`,
    );
    const gateway = await peakRss(local, underLoad, () =>
      closedLoop(`${local.api}/products/${id}`, {
        connections: settings.connections,
        durationMs: settings.seconds * 1000,
      }),
    );
    log(
      `    ${r1(gateway.requestsPerSecond)} req/s, p50 ${r2(gateway.p50Ms)} ms, p99 ${r2(gateway.p99Ms)} ms, errors ${gateway.errors}`,
    );
    results.product = {
      bare: bareResult,
      gateway,
      rpsRatio: r1(bareResult.requestsPerSecond / gateway.requestsPerSecond),
      p99Ratio: r1(gateway.p99Ms / bareResult.p99Ms),
    };
  } finally {
    await stopChild(bare);
    rmSync(dir, { recursive: true, force: true });
  }
  return id;
}
