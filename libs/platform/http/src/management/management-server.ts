import type { LoggerService } from '@nestjs/common';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { HealthRegistry } from '../health/health-registry.service.js';
import { liveness, readiness } from '../health/probes.js';
import type { MetricsEndpoint } from '../http-app.config.js';
import { serveMetrics } from '../metrics-endpoint.js';
import { mapException, PlatformCodes } from '../problem-mapping.js';
import { sendProblem } from '../problem-response.js';
import { requestIdFor } from '../request-id.js';

/** What the management listener serves. */
export interface ManagementOptions {
  health: HealthRegistry;
  metricsEndpoint?: MetricsEndpoint;
  logger: LoggerService;
}

/**
 * The service's management listener: `/health/live`, `/health/ready` and `/metrics` on a port
 * of their own, so that whatever routes the public to the API port (the ingress) reaches
 * neither the probes' details nor the metrics. A plain Fastify instance beside the app: no
 * guards, no global prefix, no request refusals while draining (the probes must keep answering
 * through the shutdown), and it closes after the app.
 */
export class ManagementServer {
  /** The Fastify instance, for `inject()` in tests. */
  readonly fastify: FastifyInstance;

  constructor(options: ManagementOptions) {
    this.fastify = Fastify({ logger: false, genReqId: requestIdFor, forceCloseConnections: true });
    this.fastify.get('/health/live', async () => liveness(options.health));
    this.fastify.get('/health/ready', async () => readiness(options.health));
    if (options.metricsEndpoint) serveMetrics(this.fastify, options.metricsEndpoint);
    this.fastify.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, {
        status: 404,
        code: PlatformCodes.ROUTE_NOT_FOUND,
        detail: 'No route matches this path.',
      }),
    );
    this.fastify.setErrorHandler((error, request, reply) => {
      const { problem, unexpected } = mapException(error, { is404: false });
      if (unexpected) {
        options.logger.error(
          { message: `management request failed: ${String(error)}`, path: request.url },
          undefined,
          'Management',
        );
      }
      sendProblem(request, reply, problem);
    });
  }

  /**
   * Listens on `port` (0: a free one) of `host`.
   * @returns the base URL, e.g. `http://127.0.0.1:9000`.
   */
  async listen(port: number, host: string): Promise<string> {
    await this.fastify.listen({ port, host });
    const address = this.fastify.server.address() as AddressInfo;
    return baseUrl(host, address.port);
  }

  async close(): Promise<void> {
    await this.fastify.close();
  }
}

/** A wildcard address is not one to connect to; its loopback is. */
export function baseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
