/**
 * The test-only k6 adapter's state: what the scripts' checks and metrics recorded, k6's globals
 * (`__ENV`, `__VU`, `__ITER`, `open`), and a synchronous fetch. It is not a k6: no scheduler, no
 * executors, no thresholds; it runs a script's `setup()` and a few iterations of its default
 * function in this process, so a broken path or a renamed field fails a test.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

export interface Sample {
  value: number;
  tags: Record<string, string>;
}

export interface CheckResult {
  name: string;
  passed: boolean;
}

/** Everything the scripts recorded since the last `reset()`. */
export const recorded = {
  checks: [] as CheckResult[],
  metrics: new Map<string, { type: string; samples: Sample[] }>(),
  reset(): void {
    this.checks = [];
    this.metrics.clear();
  },
};

export function record(
  type: string,
  name: string,
  value: number,
  tags: Record<string, string> = {},
): void {
  const metric = recorded.metrics.get(name) ?? { type, samples: [] };
  metric.samples.push({ value, tags });
  recorded.metrics.set(name, metric);
}

/** k6's globals for a script whose files live in `scriptDir` (k6 resolves `open` from there). */
export function installGlobals(env: Record<string, string>, scriptDir: string): void {
  const scope = globalThis as Record<string, unknown>;
  scope.__ENV = { ...env };
  scope.__VU = 1;
  scope.__ITER = 0;
  scope.open = (path: string) => readFileSync(resolve(scriptDir, path), 'utf8');
}

export function nextIteration(): void {
  const scope = globalThis as Record<string, unknown>;
  scope.__ITER = Number(scope.__ITER ?? 0) + 1;
}

export interface FetchRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
}

export interface FetchAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
  error: string;
}

let worker: Worker | undefined;

/** Blocks this thread until the network thread has the answer (bounded by the timeout). */
export function fetchSync(request: FetchRequest): FetchAnswer {
  worker ??= new Worker(new URL('./fetch-worker.mjs', import.meta.url));
  worker.unref();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ request, signal, port: port2 }, [port2]);
  Atomics.wait(signal, 0, 0, request.timeoutMs + 5_000);
  const message = receiveMessageOnPort(port1);
  port1.close();
  if (!message) throw new Error(`k6 adapter: no answer from ${request.method} ${request.url}`);
  return message.message as FetchAnswer;
}

/** k6's `sleep`, synchronous as there. */
export function sleepSync(seconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, seconds * 1000));
}

export async function stopNetwork(): Promise<void> {
  await worker?.terminate();
  worker = undefined;
}
