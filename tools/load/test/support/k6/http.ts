/** `k6/http` for the test-only adapter: `request` and its shorthands on a synchronous fetch. */
import { fetchSync, record } from './runtime.ts';

const DEFAULT_TIMEOUT_MS = 60_000;

type Expected = number | { min: number; max: number };
type ExpectedCallback = { expected: Expected[] };

interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  timeout?: number;
  responseCallback?: ExpectedCallback;
}

export interface Response {
  status: number;
  body: string;
  headers: Record<string, string>;
  error: string;
  url: string;
  timings: { duration: number };
  json(): unknown;
}

export function expectedStatuses(...expected: Expected[]): ExpectedCallback {
  return { expected };
}

/** k6's default: 200–399 count as expected. */
const DEFAULT_EXPECTED = expectedStatuses({ min: 200, max: 399 });

function isExpected(status: number, callback: ExpectedCallback): boolean {
  return callback.expected.some((entry) =>
    typeof entry === 'number' ? entry === status : status >= entry.min && status <= entry.max,
  );
}

function headersOf(given: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(given).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

export function request(
  method: string,
  url: string,
  body?: string | null,
  params: Params = {},
): Response {
  const answer = fetchSync({
    method,
    url,
    headers: headersOf(params.headers),
    body: body ?? null,
    timeoutMs: params.timeout ?? DEFAULT_TIMEOUT_MS,
  });
  const tags = { method, url, name: url, status: String(answer.status), ...params.tags };
  const failed = !isExpected(answer.status, params.responseCallback ?? DEFAULT_EXPECTED);
  record('counter', 'http_reqs', 1, tags);
  record('trend', 'http_req_duration', answer.durationMs, tags);
  record('rate', 'http_req_failed', failed ? 1 : 0, tags);
  return {
    status: answer.status,
    body: answer.body,
    headers: answer.headers,
    error: answer.error,
    url,
    timings: { duration: answer.durationMs },
    json: () => JSON.parse(answer.body) as unknown,
  };
}

export const get = (url: string, params?: Params) => request('GET', url, null, params);
export const post = (url: string, body?: string | null, params?: Params) =>
  request('POST', url, body, params);
export const put = (url: string, body?: string | null, params?: Params) =>
  request('PUT', url, body, params);
export const patch = (url: string, body?: string | null, params?: Params) =>
  request('PATCH', url, body, params);
export const del = (url: string, body?: string | null, params?: Params) =>
  request('DELETE', url, body, params);

export default { request, get, post, put, patch, del, expectedStatuses };
