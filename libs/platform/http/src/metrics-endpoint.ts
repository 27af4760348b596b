import type { FastifyInstance } from 'fastify';
import type { MetricsEndpoint } from './http-app.config.js';

/** Where the metrics are served; outside the global prefix, like the probes. */
export const METRICS_PATH = '/metrics';

/**
 * Serves `endpoint` at `GET /metrics`, straight on Fastify: outside Nest's guards, so the
 * scraper needs no token (keep the port off the public ingress), and outside the document.
 */
export function serveMetrics(fastify: FastifyInstance, endpoint: MetricsEndpoint): void {
  fastify.get(METRICS_PATH, async (_request, reply) => {
    const body = await endpoint.render();
    return reply.header('content-type', endpoint.contentType).send(body);
  });
}
