import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Header that carries the request id in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and `-._:` only, 1 to 128 of them: safe in logs, headers and problem bodies. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Whether an incoming request id can be kept as is. */
export function isSafeRequestId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value);
}

/**
 * Fastify's `genReqId`: keeps the caller's `x-request-id` (the gateway's, so that one id follows
 * the request through every service) when it is a safe token, else makes a random UUID.
 */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return isSafeRequestId(incoming) ? incoming : randomUUID();
}
