import { expect } from 'vitest';

/** An answer with its body read (parsed when it is JSON). */
export interface Answer<TBody = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: TBody;
  /** Milliseconds from sending to the whole body. */
  elapsedMs: number;
}

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A `fetch` bounded in time, so a hung gateway fails the test instead of hanging it. */
export async function call<TBody = Record<string, unknown>>(
  url: string,
  init: CallOptions = {},
): Promise<Answer<TBody>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let payload: string | undefined;
  if (init.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    payload = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  }
  const started = performance.now();
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: payload,
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const body = (type.includes('json') && text ? JSON.parse(text) : text) as TBody;
  return {
    status: response.status,
    headers: response.headers,
    body,
    elapsedMs: performance.now() - started,
  };
}

/** Asserts a problem+json answer with `status` and `code`. */
export function expectProblem(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
}
