/**
 * The one HTTP client of the attacks and the fuzzer. It is `node:http`, not `fetch`, because an
 * attacker's request is not always a well-formed one: `fetch` normalizes `../` out of a path,
 * insists on a matching `Content-Length` and refuses some header values. Every call is bounded in
 * time and in the size of the answer it keeps.
 */
import { Agent, request } from 'node:http';

export interface RawRequest {
  method?: string;
  /** The absolute URL; its path is sent as written (no dot-segment removal). */
  url: string;
  headers?: Record<string, string>;
  /** A string or bytes, sent as they are; an object is sent as JSON with its content type. */
  body?: string | Buffer | object;
  token?: string;
  timeoutMs?: number;
  /**
   * A connection of its own, closed after the answer: for a request the server may answer before
   * reading it whole (413) or that breaks the connection, so that no pooled socket is left half used.
   */
  fresh?: boolean;
}

export interface Answer<T = unknown> {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  text: string;
  /** The parsed body when it is JSON, else `undefined`. */
  json: T;
}

/** Bodies kept beyond this are cut: no answer here needs more, and a runaway one must not OOM. */
const MAX_ANSWER_BYTES = 1024 * 1024;

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

function encode(options: RawRequest): { body?: Buffer; headers: Record<string, string> } {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const { body } = options;
  if (body === undefined) return { headers };
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    return { body: Buffer.from(body), headers };
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  return { body: Buffer.from(JSON.stringify(body)), headers };
}

function parse(text: string): unknown {
  try {
    return text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function flatten(headers: NodeJS.Dict<string | string[]>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Sends one request and resolves with the answer; rejects on a network error or the timeout. */
export function send<T = unknown>(options: RawRequest): Promise<Answer<T>> {
  const url = new URL(options.url);
  // The path as the caller wrote it: URL parsing already removed dot segments from `url.pathname`.
  const rawPath = options.url.slice(url.origin.length) || '/';
  const { body, headers } = encode(options);
  const framed = Object.keys(headers).some((name) =>
    ['content-length', 'transfer-encoding'].includes(name.toLowerCase()),
  );
  if (body && !framed) {
    headers['content-length'] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent: options.fresh ? false : agent,
        host: url.hostname,
        port: url.port,
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        path: rawPath,
        headers,
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        const contentType = res.headers['content-type'] ?? '';
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () =>
          resolve(answer<T>(res.statusCode ?? 0, flatten(res.headers), contentType, chunks));
        // A stream that started is an answer: the status and type are what the tests look at.
        if (contentType.startsWith('text/event-stream')) {
          res.destroy();
          finish();
          return;
        }
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        res.on('end', finish);
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer within ${options.timeoutMs ?? 15_000} ms`)),
    );
    req.on('error', reject);
    if (options.fresh) req.setHeader('connection', 'close');
    req.end(body);
  });
}

function answer<T>(
  status: number,
  headers: Record<string, string>,
  contentType: string,
  chunks: Buffer[],
): Answer<T> {
  const text = Buffer.concat(chunks).toString('utf8');
  return { status, headers, contentType, text, json: parse(text) as T };
}

/** The problem's `code` when the answer is an RFC 9457 problem with one, else `undefined`. */
export function problemCode(answer: Answer): string | undefined {
  if (!answer.contentType.startsWith('application/problem+json')) return undefined;
  const body = answer.json as { code?: unknown } | undefined;
  return typeof body?.code === 'string' && body.code.length > 0 ? body.code : undefined;
}

/** Lets the process exit: the keep-alive sockets would hold it open. */
export function closeConnections(): void {
  agent.destroy();
}
