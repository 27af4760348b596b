import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { NOT_PROCESSED_HEADER, PROBLEM_CONTENT_TYPE } from '@shop/platform-http';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import type { HeaderMap } from '../proxy/headers.js';
import { UPSTREAMS, type UpstreamName } from '../routes/gateway-route.js';
import { readBody } from './answer-body.js';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy } from './retry-policy.js';
import { classifyError, UpstreamFailure } from './upstream-failure.js';
import { statusClass, upstreamMetrics } from './upstream-metrics.js';

/** One call to an upstream. */
export interface UpstreamRequest {
  method: string;
  /** Path and query on the upstream. */
  path: string;
  headers: HeaderMap;
  body?: Buffer;
  /** Bound on the whole call, retries included. */
  timeoutMs: number;
}

export type AnswerHeaders = Record<string, string | string[] | undefined>;

/** An upstream's answer, read whole. */
export interface UpstreamAnswer {
  status: number;
  headers: AnswerHeaders;
  body: Buffer;
}

/** An upstream's answer whose body is still coming (a server-sent event stream). */
export interface UpstreamStream {
  status: number;
  headers: AnswerHeaders;
  body: Readable;
}

interface Upstream {
  pool: Pool;
  breaker: CircuitBreaker;
}

type Attempt = { answer: UpstreamAnswer } | { failure: UpstreamFailure };

/** How long closing the pools may wait for calls still running. */
const CLOSE_GRACE_MS = 2_000;

/** Statuses that say the upstream itself is in trouble: they count against its breaker. */
const UNHEALTHY_STATUS = new Set([502, 503, 504]);

/**
 * The gateway's HTTP client: per upstream a keep-alive connection pool (undici) and a circuit
 * breaker. Every call is bounded by its timeout, retries included; reads and calls with an
 * `Idempotency-Key` are retried on connection errors, timeouts, 502 and 503, and any call that
 * never ran (connection refused, refused unprocessed by a replica going away); see `retryDelay`.
 */
@Injectable()
export class UpstreamClient implements OnModuleDestroy {
  private readonly logger = new Logger('Upstream');
  private readonly upstreams: Record<UpstreamName, Upstream>;
  private readonly retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const origins: Record<UpstreamName, string> = {
      auth: config.AUTH_SERVICE_URL,
      catalog: config.CATALOG_SERVICE_URL,
      inventory: config.INVENTORY_SERVICE_URL,
      order: config.ORDER_SERVICE_URL,
    };
    this.upstreams = Object.fromEntries(
      UPSTREAMS.map((name) => [name, this.createUpstream(name, origins[name], config)]),
    ) as Record<UpstreamName, Upstream>;
  }

  /** The state of an upstream's breaker. */
  circuitState(name: UpstreamName): CircuitState {
    return this.upstreams[name].breaker.state;
  }

  /**
   * Calls the upstream and reads its answer.
   * @throws UpstreamFailure when no usable answer came: no connection, breaker open, timeout,
   * broken connection, or a 5xx that is not a problem document.
   */
  async call(name: UpstreamName, request: UpstreamRequest): Promise<UpstreamAnswer> {
    const deadline = performance.now() + request.timeoutMs;
    const idempotencyKey = request.headers['idempotency-key'] !== undefined;
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.attempt(name, request, deadline);
      const outcome =
        'answer' in result
          ? { status: result.answer.status, notProcessed: notProcessed(result.answer.headers) }
          : { reason: result.failure.reason };
      const remainingMs = deadline - performance.now();
      const delay = retryDelay(this.retryPolicy, {
        method: request.method,
        idempotencyKey,
        attempt,
        outcome,
        remainingMs,
      });
      if (delay === undefined) {
        if ('failure' in result) throw result.failure;
        return usableAnswer(name, result.answer);
      }
      upstreamMetrics.retry(name);
      await sleep(delay);
    }
  }

  /**
   * Opens a call whose answer body is left to the caller to stream: bounded until the answer's
   * headers arrive, unbounded after. Never retried.
   * @returns `undefined` when `signal` (the client going away) aborted it first.
   * @throws UpstreamFailure as {@link call} does.
   */
  async open(
    name: UpstreamName,
    request: UpstreamRequest,
    signal: AbortSignal,
  ): Promise<UpstreamStream | undefined> {
    const { pool, breaker } = this.upstreams[name];
    this.admit(name);
    try {
      const response = await pool.request({
        method: request.method,
        path: request.path,
        headers: request.headers,
        signal,
        headersTimeout: request.timeoutMs,
        bodyTimeout: 0,
      });
      this.report(name, response.statusCode);
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (err) {
      if (signal.aborted) {
        breaker.abandon();
        return undefined;
      }
      throw this.failed(name, err, false);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(Object.values(this.upstreams).map(({ pool }) => closePool(pool)));
  }

  private async attempt(
    name: UpstreamName,
    request: UpstreamRequest,
    deadline: number,
  ): Promise<Attempt> {
    try {
      this.admit(name);
    } catch (failure) {
      return { failure: failure as UpstreamFailure };
    }
    const started = performance.now();
    const timeoutMs = Math.max(1, Math.floor(deadline - started));
    // Covers the wait for a pooled connection and reading the body, which undici's own
    // timeouts do not.
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await this.upstreams[name].pool.request({
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body ?? null,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = await readBody(response.body);
      this.report(name, response.statusCode, started, notProcessed(response.headers));
      return { answer: { status: response.statusCode, headers: response.headers, body } };
    } catch (err) {
      return { failure: this.failed(name, err, signal.aborted, started) };
    }
  }

  /** @throws UpstreamFailure `circuit-open` when the breaker refuses the call. */
  private admit(name: UpstreamName): void {
    const admission = this.upstreams[name].breaker.admit();
    if (admission.allowed) return;
    upstreamMetrics.attempt(name, 'circuit-open');
    throw new UpstreamFailure(name, 'circuit-open', {
      retryAfterSeconds: Math.max(1, Math.ceil(admission.retryAfterMs / 1_000)),
    });
  }

  private report(name: UpstreamName, status: number, started?: number, unprocessed = false): void {
    const { breaker } = this.upstreams[name];
    // A replica going away refused the call: that says nothing about the service's health.
    if (unprocessed) breaker.abandon();
    else if (UNHEALTHY_STATUS.has(status)) breaker.failure();
    else breaker.success();
    upstreamMetrics.attempt(name, statusClass(status), secondsSince(started));
  }

  private failed(
    name: UpstreamName,
    err: unknown,
    deadlinePassed: boolean,
    started?: number,
  ): UpstreamFailure {
    const reason = classifyError(err, deadlinePassed);
    this.upstreams[name].breaker.failure();
    upstreamMetrics.attempt(name, reason, secondsSince(started));
    return new UpstreamFailure(name, reason, {
      cause: err,
      // Connection refused: the service is restarting or gone; a second is a fair first guess.
      ...(reason === 'refused' && { retryAfterSeconds: 1 }),
    });
  }

  private createUpstream(name: UpstreamName, origin: string, config: GatewayConfig): Upstream {
    const pool = new Pool(origin, {
      connections: 64,
      connectTimeout: Math.min(config.UPSTREAM_TIMEOUT_MS, 2_000),
      // Below the services' idle timeout (Fastify's 72 s), so the gateway never reuses a
      // connection the service is closing at that very moment.
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
    });
    const breaker = new CircuitBreaker({
      failureThreshold: config.CIRCUIT_FAILURE_THRESHOLD,
      openMs: config.CIRCUIT_OPEN_MS,
      onStateChange: (state) => {
        upstreamMetrics.circuit(name, state);
        this.logger.warn({ message: `circuit of ${name} is ${state}`, upstream: name, state });
      },
    });
    upstreamMetrics.circuit(name, breaker.state);
    return { pool, breaker };
  }
}

/** An answer the client may get as it is; a 5xx without a problem document is not one. */
export function usableAnswer(name: UpstreamName, answer: UpstreamAnswer): UpstreamAnswer {
  if (answer.status >= 500 && !isProblem(answer.headers)) {
    throw new UpstreamFailure(name, 'bad-response');
  }
  return answer;
}

/** Whether the upstream refused the call before running any of it (see `NOT_PROCESSED_HEADER`). */
function notProcessed(headers: AnswerHeaders): boolean {
  return headers[NOT_PROCESSED_HEADER] === 'true';
}

function isProblem(headers: AnswerHeaders): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && type.toLowerCase().startsWith(PROBLEM_CONTENT_TYPE);
}

/**
 * Closes a pool once its calls are done. The platform's shutdown has waited for the requests in
 * flight, so none should be left; one that is (a stream) is cut after a short grace.
 */
async function closePool(pool: Pool): Promise<void> {
  const grace = setTimeout(() => void pool.destroy().catch(() => undefined), CLOSE_GRACE_MS);
  try {
    await pool.close();
  } catch {
    // Destroyed during the grace: closed all the same.
  } finally {
    clearTimeout(grace);
  }
}

function secondsSince(started: number | undefined): number | undefined {
  return started === undefined ? undefined : (performance.now() - started) / 1_000;
}
