import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemTypeUri, type ProblemDetails } from '@shop/platform-http';
import type { UpstreamFailure } from '../upstream/upstream-failure.js';

/** The gateway's own problem codes for upstream failures; clients switch on them. */
export const UpstreamCodes = {
  UNAVAILABLE: 'GATEWAY.UPSTREAM_UNAVAILABLE',
  TIMEOUT: 'GATEWAY.UPSTREAM_TIMEOUT',
  FAILED: 'GATEWAY.UPSTREAM_FAILED',
} as const;

interface UpstreamProblem {
  status: number;
  code: string;
  detail: string;
}

/**
 * What the client is told: 503 when the service cannot be reached (retry later), 504 when it
 * did not answer in time (the request may or may not have taken effect), 502 when its answer
 * was broken.
 */
export function problemFor(failure: UpstreamFailure): UpstreamProblem {
  switch (failure.reason) {
    case 'refused':
    case 'circuit-open':
      return {
        status: 503,
        code: UpstreamCodes.UNAVAILABLE,
        detail: 'A service this request needs is unavailable; try again shortly.',
      };
    case 'timeout':
      return {
        status: 504,
        code: UpstreamCodes.TIMEOUT,
        detail: 'A service this request needs did not answer in time.',
      };
    case 'reset':
    case 'bad-response':
      return {
        status: 502,
        code: UpstreamCodes.FAILED,
        detail: 'A service this request needs gave no valid answer.',
      };
  }
}

/**
 * Answers `request` with the problem of `failure`, in the platform's problem+json shape. The
 * platform's filter cannot: it maps no domain error to 502 or 504, and would log these as faults
 * of the gateway.
 */
export function sendUpstreamProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  failure: UpstreamFailure,
): void {
  const { status, code, detail } = problemFor(failure);
  const body: ProblemDetails = {
    type: problemTypeUri(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: request.url.split('?', 1)[0] ?? request.url,
    code,
    requestId: request.id,
    details: { upstream: failure.upstream, reason: failure.reason },
  };
  if (status === 503 && failure.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(failure.retryAfterSeconds));
  }
  void reply
    .status(status)
    .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .header('cache-control', 'no-store')
    .send(JSON.stringify(body));
}
