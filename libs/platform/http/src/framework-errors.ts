import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblemDetails, type Problem } from './problem.js';
import { sendProblem } from './problem-response.js';

/**
 * Fastify answers a few malformed requests itself, before any route, hook or Nest filter runs:
 * a path with broken percent-encoding, a path parameter longer than the router allows, and
 * requests Node's HTTP parser refuses (both `Content-Length` and `Transfer-Encoding`, oversized
 * headers). Its own bodies are `application/json` without a `code` and echo the URL; these
 * handlers answer them as every other error is answered, problem+json with a stable code.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendProblem(request, reply, frameworkProblem(error));
}

export function frameworkProblem(error: Pick<FastifyError, 'code'>): Problem {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return { status: 414, code: 'REQUEST.URI_TOO_LONG', detail: 'A path segment is too long.' };
  }
  return {
    status: 400,
    code: 'REQUEST.BAD_URL',
    detail: 'The URL is not valid (malformed percent-encoding?).',
  };
}

/** What a request the HTTP parser refused gets, by the parser's error code. */
export function clientErrorProblem(code: string | undefined): Problem {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        code: 'REQUEST.TIMEOUT',
        detail: 'The request was not received in time.',
      };
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'REQUEST.HEADERS_TOO_LARGE',
        detail: 'The headers are too large.',
      };
    default:
      return { status: 400, code: 'REQUEST.MALFORMED', detail: 'The request is not valid HTTP.' };
  }
}

/**
 * Node's `clientError`: no request object exists, so the answer is written to the socket, which
 * is then closed (the parser cannot tell where a next request would start).
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = clientErrorProblem(error.code);
  if (socket.writable) {
    const body = JSON.stringify(toProblemDetails(problem, '/', randomUUID()));
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Error'}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
