import { HttpException } from '@nestjs/common';
import { isUnavailable } from '@shop/platform-resilience';
import { AuthenticationError } from './auth/auth.errors.js';
import { DomainError } from './errors.js';
import { STATUS_BY_KIND, type Problem } from './problem.js';

/** Codes of the problems the platform itself raises (the README lists them). */
export const PlatformCodes = {
  INTERNAL: 'INTERNAL',
  MALFORMED_JSON: 'REQUEST.MALFORMED_JSON',
  TOO_LARGE: 'REQUEST.TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  INVALID_CONTENT_LENGTH: 'REQUEST.INVALID_CONTENT_LENGTH',
  ROUTE_NOT_FOUND: 'ROUTE.NOT_FOUND',
  METHOD_NOT_ALLOWED: 'REQUEST.METHOD_NOT_ALLOWED',
  DEPENDENCY_UNAVAILABLE: 'SERVICE.DEPENDENCY_UNAVAILABLE',
} as const;

/**
 * How soon a client may try again when a store cannot be reached: restarts and failovers take
 * seconds; the client's own back-off takes over if it is still down.
 */
const OUTAGE_RETRY_AFTER_SECONDS = 2;

/** What the filter knows about the failed request besides the exception. */
export interface RequestFacts {
  /** Fastify found no route for the request (Nest reports it as a plain `NotFoundException`). */
  is404: boolean;
  /** For an unmatched request: the methods routes do serve at its path. */
  allowedMethods?: readonly string[];
}

/** What the exception filter answers, and whether the failure is a fault to log as an error. */
export interface MappedProblem {
  problem: Problem;
  /** True for anything a client cannot have caused: logged with its stack, details withheld. */
  unexpected: boolean;
}

/** Fastify's own client errors, which reach the filter as the `cause` of an `HttpException`. */
const FASTIFY_CODES: Readonly<Record<string, { status: number; code: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: PlatformCodes.MALFORMED_JSON },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: PlatformCodes.MALFORMED_JSON },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: PlatformCodes.TOO_LARGE },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: PlatformCodes.UNSUPPORTED_MEDIA_TYPE },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: PlatformCodes.INVALID_CONTENT_LENGTH },
};

/** Codes of the `HttpException`s Nest, Fastify or a service throw, by status. */
const CODES_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'REQUEST.BAD_REQUEST',
  401: 'AUTH.UNAUTHORIZED',
  403: 'AUTH.FORBIDDEN',
  404: 'RESOURCE.NOT_FOUND',
  405: PlatformCodes.METHOD_NOT_ALLOWED,
  406: 'REQUEST.NOT_ACCEPTABLE',
  408: 'REQUEST.TIMEOUT',
  409: 'RESOURCE.CONFLICT',
  410: 'RESOURCE.GONE',
  412: 'REQUEST.PRECONDITION_FAILED',
  413: PlatformCodes.TOO_LARGE,
  414: 'REQUEST.URI_TOO_LONG',
  415: PlatformCodes.UNSUPPORTED_MEDIA_TYPE,
  422: 'REQUEST.UNPROCESSABLE',
  428: 'REQUEST.PRECONDITION_REQUIRED',
  429: 'REQUEST.RATE_LIMITED',
  500: PlatformCodes.INTERNAL,
  501: 'SERVICE.NOT_IMPLEMENTED',
  502: 'SERVICE.BAD_GATEWAY',
  503: 'SERVICE.UNAVAILABLE',
  504: 'SERVICE.GATEWAY_TIMEOUT',
};

/** Maps anything thrown while handling a request to the problem to answer. */
export function mapException(exception: unknown, facts: RequestFacts): MappedProblem {
  if (exception instanceof DomainError) {
    return { problem: fromDomainError(exception), unexpected: false };
  }
  if (exception instanceof HttpException) return fromHttpException(exception, facts);
  if (isUnavailable(exception)) {
    // Not the request's fault and not a bug: a store is restarting or out of reach. A 503 with
    // Retry-After tells clients (and the gateway, for reads) that the same request may succeed.
    // Still logged as a failure, since someone should know the store went away.
    const headers = { 'retry-after': String(OUTAGE_RETRY_AFTER_SECONDS) };
    return {
      problem: { status: 503, code: PlatformCodes.DEPENDENCY_UNAVAILABLE, headers },
      unexpected: true,
    };
  }
  return { problem: { status: 500, code: PlatformCodes.INTERNAL }, unexpected: true };
}

function fromDomainError(error: DomainError): Problem {
  const status = STATUS_BY_KIND[error.kind];
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined && (status === 429 || status === 503)) {
    headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfterSeconds)));
  }
  // RFC 9110 §15.5.2: every 401 names the scheme the client should use.
  if (status === 401) {
    headers['www-authenticate'] = error instanceof AuthenticationError ? error.challenge : 'Bearer';
  }
  const problem: Problem = { status, code: error.code, detail: error.message, headers };
  if (error.errors) problem.errors = error.errors;
  if (error.details) problem.details = error.details;
  return problem;
}

function fromHttpException(exception: HttpException, facts: RequestFacts): MappedProblem {
  const fastify = FASTIFY_CODES[fastifyCode(exception.cause) ?? ''];
  if (fastify) {
    return { problem: { ...fastify, detail: exception.message }, unexpected: false };
  }
  const status = exception.getStatus();
  if (status >= 500) {
    // A 5xx says nothing a client can act on, and its message may hold internals.
    return {
      problem: { status, code: CODES_BY_STATUS[status] ?? `HTTP.${status}` },
      unexpected: true,
    };
  }
  if (status === 404 && facts.is404) return { problem: unmatchedRoute(facts), unexpected: false };
  const code = CODES_BY_STATUS[status] ?? `HTTP.${status}`;
  const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer' } : {};
  return {
    problem: { status, code, detail: httpExceptionDetail(exception), headers },
    unexpected: false,
  };
}

/** 405 with `Allow` when routes serve the path with other methods (RFC 9110 §15.5.6), else 404. */
function unmatchedRoute(facts: RequestFacts): Problem {
  const allowed = facts.allowedMethods ?? [];
  if (allowed.length === 0) {
    return {
      status: 404,
      code: PlatformCodes.ROUTE_NOT_FOUND,
      detail: 'No route matches this path.',
    };
  }
  return {
    status: 405,
    code: PlatformCodes.METHOD_NOT_ALLOWED,
    detail: `This path only accepts ${allowed.join(', ')}.`,
    headers: { allow: allowed.join(', ') },
  };
}

function fastifyCode(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null || !('code' in cause)) return undefined;
  return typeof cause.code === 'string' ? cause.code : undefined;
}

/** Nest's exceptions carry `{ message: string | string[] }` or a plain string. */
function httpExceptionDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const { message } = response;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.map(String).join('; ');
  }
  return exception.message;
}
