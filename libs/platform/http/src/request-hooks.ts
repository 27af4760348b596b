import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { RequestMetric } from './http-app.config.js';
import type { RequestTracker } from './lifecycle/request-tracker.js';
import { sendProblem } from './problem-response.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/** Route label of requests no route matched: one label, however many URLs are probed. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Set (`true`) on the 503 of a request refused while the service shuts down: nothing of it ran,
 * so a proxy may send it again to another instance, whatever its method.
 */
export const NOT_PROCESSED_HEADER = 'x-not-processed';

/** What {@link installRequestHooks} needs. */
export interface RequestHooksOptions {
  tracker: RequestTracker;
  logger: LoggerService;
  onRequestComplete?: (metric: RequestMetric) => void;
}

/**
 * Fastify hooks around every request, matched or not: echo the request id, count the request
 * in flight, close its connection after the answer while draining, refuse it while shutting
 * down, and report its duration by route pattern.
 */
export function installRequestHooks(fastify: FastifyInstance, options: RequestHooksOptions): void {
  const { tracker, logger, onRequestComplete } = options;
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    tracker.track(reply.raw);
    // The probes are on the management listener, which never refuses.
    if (tracker.isRefusing) {
      void reply.header('connection', 'close').header(NOT_PROCESSED_HEADER, 'true');
      sendProblem(request, reply, {
        status: 503,
        code: 'SERVICE.SHUTTING_DOWN',
        detail: 'The service is shutting down; retry on another instance.',
      });
      return reply;
    }
    return undefined;
  });
  // Here rather than on arrival: requests already running when the drain began close too.
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (tracker.isDraining) void reply.header('connection', 'close');
    return payload;
  });
  if (!onRequestComplete) return;
  fastify.addHook('onResponse', async (request, reply) => {
    try {
      onRequestComplete({
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        statusCode: reply.statusCode,
        durationSeconds: reply.elapsedTime / 1_000,
      });
    } catch (err) {
      // The response is gone already; a broken metrics hook must not break the next one.
      logger.error(
        { message: 'onRequestComplete failed', error: String(err) },
        undefined,
        'Metrics',
      );
    }
  });
}
