import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblemDetails, type Problem } from './problem.js';

/**
 * Writes `problem` as the response to `request`. Used by the exception filter and by the few
 * answers given outside Nest's pipeline (shutdown refusals), so that every error has one shape.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): void {
  const body = toProblemDetails(problem, request.url, request.id);
  for (const [name, value] of Object.entries(problem.headers ?? {})) reply.header(name, value);
  void reply
    .status(problem.status)
    .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .send(JSON.stringify(body));
}
