/**
 * An autocannon-like closed-loop HTTP load generator: `connections` keep-alive connections, each
 * sending the next request as soon as the previous answer is read, for `durationMs`. Latency is
 * measured per request from write to the last byte of the answer.
 */
import { Agent, request } from 'node:http';
import { percentile } from '@shop/testing';

export interface ClosedLoopResult {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  connections: number;
  durationMs: number;
}

function once(agent: Agent, url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}` },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function closedLoop(
  target: string,
  { connections = 16, durationMs = 10_000, warmupMs = 2_000 } = {},
): Promise<ClosedLoopResult> {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  const warmupEnd = Date.now() + warmupMs;
  const end = warmupEnd + durationMs;
  setTimeout(() => (measuring = true), warmupMs);
  const worker = async () => {
    while (Date.now() < end) {
      const started = performance.now();
      let ok = false;
      try {
        ok = (await once(agent, url)) === 200;
      } catch {
        ok = false;
      }
      if (!measuring || Date.now() < warmupEnd) continue;
      if (ok) latencies.push(performance.now() - started);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  agent.destroy();
  return {
    requests: latencies.length,
    errors,
    requestsPerSecond: latencies.length / (durationMs / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    connections,
    durationMs,
  };
}
