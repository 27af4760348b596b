import type { FastifyInstance } from 'fastify';
import type { MetricsEndpoint } from './http-app.config.js';

/** Where the metrics are served, on the management port. */
export const METRICS_PATH = '/metrics';

/**
 * Serves `endpoint` at `GET /metrics` of the management listener: no token needed, which is
 * why that port stays off the ingress (the chart's NetworkPolicy admits only the monitoring
 * namespace to it).
 */
export function serveMetrics(fastify: FastifyInstance, endpoint: MetricsEndpoint): void {
  fastify.get(METRICS_PATH, async (_request, reply) => {
    const body = await endpoint.render();
    return reply.header('content-type', endpoint.contentType).send(body);
  });
}
