/**
 * The demo seed's HTTP client: JSON in and out, bounded in time, and patient with what a fresh
 * deployment answers while it settles (network errors, 429 from a gateway's limiter, 502–504,
 * 503 backlog): each request is tried a bounded number of times before the seed gives up.
 */
export interface Answer<T = unknown> {
  status: number;
  body: T;
}

export interface RequestOptions {
  method?: string;
  token?: string;
  body?: unknown;
}

const ATTEMPTS = 8;
const TIMEOUT_MS = 15_000;
const RETRIED = new Set([429, 502, 503, 504]);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function backoffMs(attempt: number, retryAfter: string | null): number {
  const asked = Number(retryAfter);
  if (Number.isFinite(asked) && asked > 0) return Math.min(asked, 30) * 1000;
  return Math.min(250 * 2 ** attempt, 5_000);
}

export async function request<T = unknown>(
  url: string,
  options: RequestOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let failure = '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const response = await fetch(url, {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await response.text();
      if (!RETRIED.has(response.status)) {
        return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
      }
      failure = `HTTP ${response.status}`;
      await pause(backoffMs(attempt, response.headers.get('retry-after')));
    } catch (error) {
      failure = (error as Error).message;
      await pause(backoffMs(attempt, null));
    }
  }
  throw new Error(`${options.method ?? 'GET'} ${url}: ${failure} after ${ATTEMPTS} attempts`);
}

/** The body when the status is one of `expected`, else an error naming the step and the answer. */
export function expectStatus<T>(answer: Answer<T>, what: string, ...expected: number[]): T {
  if (!expected.includes(answer.status)) {
    throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
  return answer.body;
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inParallel<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
