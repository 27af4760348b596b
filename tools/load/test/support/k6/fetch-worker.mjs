// The k6 adapter's network thread: the script's thread blocks (Atomics.wait) while this one runs
// Node's fetch, so the scripts keep k6's synchronous http API under Node. Test code only.
/* global fetch, performance, AbortSignal -- Node 24 globals */
import { parentPort } from 'node:worker_threads';

parentPort.on('message', async ({ request, signal, port }) => {
  const started = performance.now();
  let answer;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? undefined,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const body = await response.text();
    answer = {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body,
      durationMs: performance.now() - started,
      error: '',
    };
  } catch (error) {
    answer = {
      status: 0,
      headers: {},
      body: '',
      durationMs: performance.now() - started,
      error: String(error),
    };
  }
  port.postMessage(answer);
  port.close();
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
