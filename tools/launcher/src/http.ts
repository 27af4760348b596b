/** The few HTTP calls the launcher, the seed and the tour make, each bounded in time. */

export interface JsonAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export async function call<T = unknown>(
  url: string,
  options: CallOptions = {},
): Promise<JsonAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text, so a failure can be shown as it came.
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

/** Throws with the answer when the status is not one of `expected`. */
export function expectStatus<T>(answer: JsonAnswer<T>, what: string, ...expected: number[]): T {
  if (!expected.includes(answer.status)) {
    throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns true, every `intervalMs`, for at most `timeoutMs`. `alive`
 * cuts the wait short when the thing waited for is gone (a process that exited).
 */
export async function poll(
  what: string,
  probe: () => Promise<boolean>,
  { timeoutMs, intervalMs = 250, alive = () => true }: PollOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`${what}: the process exited`);
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = ` (last error: ${(error as Error).message})`;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s${lastError}`);
}

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  alive?: () => boolean;
}

/** Runs `task` over `items`, at most `concurrency` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
