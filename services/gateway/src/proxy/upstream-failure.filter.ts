import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { sendUpstreamProblem } from './upstream-problem.js';

/**
 * Answers an {@link UpstreamFailure} with its 502 / 503 / 504 problem. Each failure is logged
 * once, as a warning: it is the upstream's fault, not the gateway's. Refusals by an open breaker
 * are not logged one by one; the breaker logs when it opens and closes.
 */
@Catch(UpstreamFailure)
export class UpstreamFailureFilter implements ExceptionFilter {
  private readonly logger = new Logger('Upstream');

  catch(failure: UpstreamFailure, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (failure.reason !== 'circuit-open') {
      this.logger.warn({
        message: `${failure.upstream} failed: ${failure.reason}`,
        upstream: failure.upstream,
        reason: failure.reason,
        requestId: request.id,
        path: request.url.split('?', 1)[0],
        error: describe(failure.cause),
      });
    }
    if (reply.sent || reply.raw.headersSent) {
      // A stream already under way: only cutting it tells the client it is incomplete.
      reply.raw.destroy();
      return;
    }
    sendUpstreamProblem(request, reply, failure);
  }
}

function describe(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (!(cause instanceof Error)) return typeof cause === 'string' ? cause : 'not an Error';
  const code = 'code' in cause && typeof cause.code === 'string' ? ` (${cause.code})` : '';
  return `${cause.name}: ${cause.message}${code}`;
}
