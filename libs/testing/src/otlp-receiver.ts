import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzip } from 'node:zlib';

/** Largest request body accepted, after decompression; larger ones get 413. */
export const OTLP_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * OTLP's span kinds. They are the OpenTelemetry API's `SpanKind` plus one, since OTLP keeps 0 for
 * "unspecified": an API `SpanKind.SERVER` (1) arrives as `OtlpSpanKind.SERVER` (2).
 */
export const OtlpSpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;

/** One span as received, out of its resourceSpans → scopeSpans nesting. */
export interface ReceivedSpan {
  /** 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits. */
  spanId: string;
  /** `undefined` for a root span. */
  parentSpanId: string | undefined;
  name: string;
  /** An {@link OtlpSpanKind} value. */
  kind: number;
  /** The resource's `service.name`. */
  serviceName: string | undefined;
  /** Integers beyond 2^53 stay strings; bytes stay base64; arrays and maps are decoded. */
  attributes: Record<string, unknown>;
  /** All the resource's attributes (`service.instance.id`, `deployment.environment.name`...). */
  resourceAttributes: Record<string, unknown>;
  /** Nanoseconds since the epoch, in decimal: more digits than a double holds. */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}

/** A local OTLP/HTTP JSON trace receiver, standing in for a collector in tests. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:PORT`: the exporter's endpoint, without `/v1/traces`. */
  readonly url: string;
  /** Every span received since the start or the last {@link OtlpReceiver.clear}. */
  spans(): ReceivedSpan[];
  /**
   * Resolves with the spans as soon as `predicate` holds for them, checking now and on each
   * request; rejects after `timeoutMs` (default 10 s), naming the spans it had.
   */
  waitForSpans(
    predicate: (spans: ReceivedSpan[]) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedSpan[]>;
  /** Forgets the spans received so far. */
  clear(): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** OTLP JSON writes int64 as a string or a number; a number is kept when exact. */
function int64(value: unknown): number | string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const parsed = Number(raw);
  return Number.isSafeInteger(parsed) ? parsed : raw;
}

function decodeValue(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return int64(value.intValue);
  // Proto3 JSON may write NaN and the infinities as strings.
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('bytesValue' in value) return value.bytesValue;
  if (isObject(value.arrayValue)) return list(value.arrayValue.values).map(decodeValue);
  if (isObject(value.kvlistValue)) return decodeAttributes(value.kvlistValue.values);
  return undefined;
}

function decodeAttributes(keyValues: unknown): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const { key, value } of list(keyValues)) {
    if (typeof key === 'string') attributes[key] = decodeValue(value);
  }
  return attributes;
}

const kindNames: Record<string, number> = Object.fromEntries(
  Object.entries(OtlpSpanKind).map(([name, kind]) => [`SPAN_KIND_${name}`, kind]),
);

function decodeKind(kind: unknown): number {
  if (typeof kind === 'number') return kind;
  return (typeof kind === 'string' && kindNames[kind]) || OtlpSpanKind.UNSPECIFIED;
}

function decodeId(id: unknown): string | undefined {
  return typeof id === 'string' && id !== '' ? id.toLowerCase() : undefined;
}

function flattenSpan(span: Json, resourceAttributes: Record<string, unknown>): ReceivedSpan {
  const serviceName = resourceAttributes['service.name'];
  return {
    traceId: decodeId(span.traceId) ?? '',
    spanId: decodeId(span.spanId) ?? '',
    parentSpanId: decodeId(span.parentSpanId),
    name: typeof span.name === 'string' ? span.name : '',
    kind: decodeKind(span.kind),
    serviceName: typeof serviceName === 'string' ? serviceName : undefined,
    attributes: decodeAttributes(span.attributes),
    resourceAttributes,
    startTimeUnixNano: text(span.startTimeUnixNano) ?? '0',
    endTimeUnixNano: text(span.endTimeUnixNano) ?? '0',
  };
}

/** An `ExportTraceServiceRequest` in OTLP's JSON encoding, flattened to its spans. */
function flattenRequest(request: Json): ReceivedSpan[] {
  return list(request.resourceSpans).flatMap((resourceSpans) => {
    const resource = isObject(resourceSpans.resource) ? resourceSpans.resource : {};
    const resourceAttributes = decodeAttributes(resource.attributes);
    return list(resourceSpans.scopeSpans).flatMap((scopeSpans) =>
      list(scopeSpans.spans).map((span) => flattenSpan(span, resourceAttributes)),
    );
  });
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads the whole body, keeping at most `limit` bytes: past that it goes on reading only to leave
 * the connection usable for the 413, and throws when the body ends.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) reject(new HttpError(413, `body over ${limit} bytes`));
      else resolve(Buffer.concat(chunks, size));
    });
    req.on('error', reject);
  });
}

/** Gunzips, no further than the body limit: a small compressed body may inflate a thousandfold. */
function inflate(body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: OTLP_MAX_BODY_BYTES }, (error, inflated) => {
      if (!error) return resolve(inflated);
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      reject(new HttpError(tooLarge ? 413 : 400, `gzip body rejected: ${error.message}`));
    });
  });
}

async function decodeBody(req: IncomingMessage): Promise<Json> {
  const declared = Number(req.headers['content-length']);
  if (declared > OTLP_MAX_BODY_BYTES)
    throw new HttpError(413, `body over ${OTLP_MAX_BODY_BYTES} bytes`);
  const encoding = req.headers['content-encoding'] ?? 'identity';
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new HttpError(415, `content-encoding ${encoding} is not supported`);
  }
  const raw = await readBody(req, OTLP_MAX_BODY_BYTES);
  const body = encoding === 'gzip' ? await inflate(raw) : raw;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `body is not JSON (${String(error)})`);
  }
  if (!isObject(parsed)) throw new HttpError(400, 'body is not a JSON object');
  return parsed;
}

function reply(res: ServerResponse, status: number, body: Json, close = false): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
}

/**
 * Starts a receiver on 127.0.0.1 and a free port: `POST /v1/traces` with an OTLP/HTTP JSON body
 * (as `@opentelemetry/exporter-trace-otlp-http` sends it, optionally gzipped) is answered 200 `{}`
 * and its spans kept; a body that is not JSON gets 400, one over 10 MiB 413.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  let received: ReceivedSpan[] = [];
  const listeners = new Set<() => void>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    if (path !== '/v1/traces') return reply(res, 404, { error: `no route ${path}` });
    if (req.method !== 'POST') return reply(res, 405, { error: 'POST only' });
    try {
      // concat, not push(...spans): a 10 MiB request can hold more spans than a call has arguments.
      received = received.concat(flattenRequest(await decodeBody(req)));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      // A refusal before reading leaves the body unread: drain it so the client can read the
      // answer, and close the connection after a 413 rather than read such bodies again.
      if (!req.complete) req.resume();
      return reply(res, error.status, { error: error.message }, error.status === 413);
    }
    reply(res, 200, {});
    for (const listener of listeners) listener();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, { error: String(error) });
      else res.destroy(error instanceof Error ? error : undefined);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function waitForSpans(
    predicate: (spans: ReceivedSpan[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<ReceivedSpan[]> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      const check = () => {
        const spans = [...received];
        try {
          if (!predicate(spans)) return;
        } catch (error) {
          settle();
          return reject(error instanceof Error ? error : new Error(String(error)));
        }
        settle();
        resolve(spans);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        const names = received.map((span) => span.name).join(', ') || 'none';
        reject(new Error(`timed out after ${timeoutMs} ms waiting for spans; received: ${names}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    waitForSpans,
    clear: () => {
      received = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Exporters keep their connections alive; close() alone would wait for them to go idle.
        server.closeAllConnections();
      }),
  };
}
