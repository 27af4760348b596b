import {
  Catch,
  type ArgumentsHost,
  type ExceptionFilter,
  type LoggerService,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapException } from './problem-mapping.js';
import { sendProblem } from './problem-response.js';
import type { RouteTable } from './route-table.js';
import { activeTraceId } from './trace-id.js';

/**
 * The one global exception filter: answers every failure of an HTTP request with
 * `application/problem+json` (RFC 9457). Domain errors map by kind, Nest's and Fastify's
 * `HttpException`s by status and cause, and anything else becomes a 500 `INTERNAL` whose
 * details go to the log (with the request id) and never to the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  /**
   * @param routes the registered routes, to answer a known path with an unknown method with
   * 405 rather than 404; without it, both are 404 `ROUTE.NOT_FOUND`.
   */
  constructor(
    private readonly logger: LoggerService,
    private readonly routes?: RouteTable,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    // Only HTTP requests have a problem+json answer; RPC and WS contexts keep their own filters.
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const allowedMethods = request.is404
      ? this.routes?.allowedMethods(request.url.split('?', 1)[0] ?? '')
      : undefined;
    const { problem, unexpected } = mapException(exception, {
      is404: request.is404,
      allowedMethods,
    });
    // Expected failures (domain errors, 4xx) are the client's business or logged where they
    // arise; only faults are logged here, with what it takes to find the request.
    if (unexpected) this.logFailure(exception, request, problem.status);
    if (reply.sent || reply.raw.headersSent) {
      // A streamed response failed midway: the status line is gone, only the log can tell.
      this.logger.warn({ message: 'error after the response started', requestId: request.id });
      return;
    }
    sendProblem(request, reply, problem);
  }

  private logFailure(exception: unknown, request: FastifyRequest, status: number): void {
    const error = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(
      {
        message: `request failed with ${status}: ${error.message}`,
        requestId: request.id,
        traceId: activeTraceId(),
        method: request.method,
        path: request.url.split('?', 1)[0],
        error: error.name,
      },
      error.stack,
      ProblemDetailsFilter.name,
    );
  }
}
