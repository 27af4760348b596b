/** The bench's Markdown report: each figure with how it was measured. */
import type { ClosedLoopResult } from './closed-loop.ts';
import { r1, r2, SERVICES, settings, type Results } from './results.ts';

export function fmt(result: ClosedLoopResult): string {
  return `${r1(result.requestsPerSecond)} req/s, p50 ${r2(result.p50Ms)} ms, p99 ${r2(result.p99Ms)} ms (${result.requests} requests, ${result.errors} errors)`;
}

export function markdown(results: Results): string {
  const out: string[] = [];
  const m = results.machine;
  out.push(`# Benchmarks ${results.date}`, '');
  out.push(
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; shared with other work, so figures move from run to run.`,
    `The backing servers are the devstack's (one process each); the five services are separate Node processes started by \`Platform\` on free ports, log level warn, \`PAYMENT_LATENCY_MS=5\`, rate limits raised. The load generator is this process.`,
    '',
  );
  if (results.product) {
    const p = results.product;
    out.push('## 1. A product: bare node:http vs gateway + catalog (cache) + inventory', '');
    out.push(
      `How: closed loop in Node (\`tools/load/src/bench/closed-loop.ts\`, autocannon-like): ${p.bare.connections} keep-alive connections, ${p.bare.durationMs / 1000} s after a 2 s warm-up, latency from write to last byte. The bare server is one Node process answering the product's JSON from memory; the platform path is \`GET /api/v1/products/:id\`: gateway → catalog (Redis cache warm) plus the gateway's availability call to inventory (Cassandra), tracing on.`,
      '',
    );
    out.push('| path | req/s | p50 | p99 |', '| --- | ---: | ---: | ---: |');
    out.push(
      `| bare node:http | ${r1(p.bare.requestsPerSecond)} | ${r2(p.bare.p50Ms)} ms | ${r2(p.bare.p99Ms)} ms |`,
    );
    out.push(
      `| gateway /products/:id | ${r1(p.gateway.requestsPerSecond)} | ${r2(p.gateway.p50Ms)} ms | ${r2(p.gateway.p99Ms)} ms |`,
    );
    out.push(
      '',
      `Ratio: bare serves **${p.rpsRatio}×** the requests per second; the gateway's p99 is **${p.p99Ratio}×** the bare one.`,
      '',
    );
  }
  if (results.checkout) {
    const c = results.checkout;
    out.push('## 2. Checkout: POST /orders → CONFIRMED vs the floor', '');
    out.push(
      `How: the floor is ${c.floor.samples} sequential rounds of what the saga cannot avoid, done bare on the same servers (\`tools/load/src/bench/floor.ts\`): a Postgres commit (order + outbox row), a kafkajs produce (acks=all) → consume hop, a Cassandra LWT (compare-and-set on a version), a second hop, a second Postgres commit. The platform figure is an open model from this process: checkouts arriving at a fixed rate for ${settings.rateSeconds} s, each a fresh cart of one in-stock item for one of 48 registered customers, \`POST /api/v1/orders\` with an Idempotency-Key, then \`GET /orders/:id\` every 20 ms until CONFIRMED (so latency includes up to ~20 ms of polling).`,
      '',
    );
    out.push(`Floor: p50 ${r2(c.floor.p50Ms)} ms, p99 ${r2(c.floor.p99Ms)} ms.`, '');
    out.push(
      '| arrivals/s | started | confirmed | not confirmed | skipped (no free customer) | confirmed/s | p50 | p99 | p99 / floor p99 |',
    );
    out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const rate of c.rates) {
      out.push(
        `| ${rate.rate} | ${rate.started} | ${rate.confirmed} | ${rate.notConfirmed} | ${rate.skipped} | ${rate.confirmedPerSecond} | ${rate.p50Ms} ms | ${rate.p99Ms} ms | ${r1(rate.p99Ms / c.floor.p99Ms)}× |`,
      );
    }
    out.push(
      '',
      `At the lowest rate (${c.rates[0].rate}/s): p50 **${c.baseline.p50Ratio}×** and p99 **${c.baseline.p99Ratio}×** the floor.`,
      c.bestRate
        ? `Highest arrival rate with p99 within 3× the floor's p99: **${c.bestRate.rate}/s**, ${c.bestRate.confirmedPerSecond} confirmed orders/s (p99 ${c.bestRate.p99Ms} ms).`
        : `No rate tried kept p99 within 3× the floor's p99 (${r1(3 * c.floor.p99Ms)} ms), not even the lowest: the highest confirmed rate is in the table.`,
      '',
    );
  }
  if (results.memory) {
    const mem = results.memory;
    out.push('## 3. Memory (RSS)', '');
    out.push(
      'How: VmRSS from /proc of each service process, run from its TypeScript sources through the SWC loader with the OpenTelemetry SDK (the way `npm start` runs it; the container image runs compiled JavaScript and needs less: see charts/README.md) (found by its listening port with `ss -ltnp`), at rest after seeding and the maximum sampled every second during (1) and (2). Backing servers: the pids `npm run -s infra -- status` prints, each with its child processes (Postgres forks a backend per connection; shared buffers are counted once per process, so that sum overstates).',
      '',
    );
    out.push('| process | at rest | under load |', '| --- | ---: | ---: |');
    for (const name of SERVICES)
      out.push(`| ${name} | ${mem.atRestMiB[name]} MiB | ${mem.underLoadMiB[name]} MiB |`);
    out.push(
      `| **five services** | ${mem.servicesAtRestMiB} MiB | ${mem.servicesUnderLoadMiB} MiB |`,
    );
    for (const [name, mib] of Object.entries(mem.backingMiB))
      out.push(`| ${name} (backing) | ${mib} MiB | |`);
    out.push(`| **whole stack under load** | | ${mem.stackUnderLoadMiB} MiB |`, '');
  }
  if (results.startup) {
    const s = results.startup;
    out.push('## 4. Start-up: process start → /health/ready answers 200', '');
    out.push(
      `How: each service spawned alone (the rest of the platform up, stores warm, migrations already applied) with the launcher's exact arguments (SWC loader + telemetry preload), \`/health/ready\` polled every 25 ms. The bare app (\`tools/load/src/bench/bare-nest.ts\`: one module, one controller, Fastify, no telemetry) is started through the same SWC loader; median of 3.`,
      '',
    );
    out.push(`Bare NestJS on Fastify: **${s.bareNestMs} ms**.`, '');
    out.push('| service | ms to ready | × bare |', '| --- | ---: | ---: |');
    for (const name of SERVICES)
      out.push(`| ${name} | ${s.servicesMs[name]} | ${s.ratios[name]}× |`);
    out.push('');
  }
  if (results.tracing) {
    const t = results.tracing;
    out.push('## 5. Tracing on vs off', '');
    out.push(
      'How: the closed loop of (1) on `GET /api/v1/products/:id` through the gateway, run twice back to back after (2): with the OpenTelemetry SDK on in all five services (exporting OTLP to a receiver in this process), then after every service was restarted with `OTEL_SDK_DISABLED=true` (step 4 restarts them).',
      '',
    );
    out.push(
      `- tracing on: ${fmt(t.on)}`,
      `- tracing off: ${fmt(t.off)}`,
      '',
      `Ratio off/on: **${t.rpsRatio}×** the requests per second.`,
      '',
    );
  }
  if (results.notMeasured.length > 0) {
    out.push(
      '## Not measured in this run',
      '',
      ...results.notMeasured.map((line) => `- ${line}`),
      '',
    );
  }
  out.push('Raw figures: the `.json` beside this file.', '');
  return out.join('\n');
}
