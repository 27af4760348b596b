import type { UpstreamName } from '../routes/gateway-route.js';

/**
 * Why a call to an upstream gave no usable answer:
 * - `refused`: no connection could be made (refused, unreachable, DNS, connect timeout);
 * - `circuit-open`: not even tried, the upstream's breaker is open;
 * - `timeout`: no (complete) answer within the time allowed;
 * - `reset`: the connection broke mid-call;
 * - `bad-response`: an answer that is not HTTP, too large, or a 5xx that is not a problem.
 */
export type FailureReason = 'refused' | 'circuit-open' | 'timeout' | 'reset' | 'bad-response';

/**
 * A call to an upstream failed. Not a `DomainError`: the platform maps no domain kind to 502 or
 * 504, so the gateway answers these itself (`UpstreamFailureFilter`).
 */
export class UpstreamFailure extends Error {
  /** For a 503: when the client may try again. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly upstream: UpstreamName,
    readonly reason: FailureReason,
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(`${upstream}: ${reason}`, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'UpstreamFailure';
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

const REFUSED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * What an error thrown by the HTTP client means for the caller. `deadlinePassed` says whether
 * the gateway itself aborted the call because its time was up.
 */
export function classifyError(
  err: unknown,
  deadlinePassed: boolean,
): Exclude<FailureReason, 'circuit-open'> {
  if (deadlinePassed) return 'timeout';
  const code = errorCode(err);
  if (code && REFUSED.has(code)) return 'refused';
  if (code && TIMEOUT.has(code)) return 'timeout';
  if (code && RESET.has(code)) return 'reset';
  return 'bad-response';
}

/** The `code` of an error or of the error it wraps (undici and Node put it on either). */
function errorCode(err: unknown): string | undefined {
  for (let current = err, depth = 0; depth < 3; depth++) {
    if (typeof current !== 'object' || current === null) return undefined;
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}
