import { clientErrorHandler, frameworkErrorHandler } from './framework-errors.js';
import helmet from '@fastify/helmet';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { createLogger, metrics, NestPinoLogger } from '@shop/platform-telemetry';
import { HealthRegistry } from './health/health-registry.service.js';
import { HealthModule } from './health/health.module.js';
import {
  resolveHttpAppOptions,
  type HttpAppOptions,
  type HttpServiceOptions,
  type ResolvedHttpAppOptions,
} from './http-app.config.js';
import { describeError, installFatalHandlers } from './lifecycle/fatal.js';
import { GracefulShutdown } from './lifecycle/graceful-shutdown.js';
import { RequestTracker } from './lifecycle/request-tracker.js';
import { baseUrl, ManagementServer } from './management/management-server.js';
import { buildOpenApiDocument, serveOpenApiDocument } from './openapi/openapi.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { requestIdFor } from './request-id.js';
import { RouteTable } from './route-table.js';
import { installRequestHooks } from './request-hooks.js';
import { corsOptions, HELMET_OPTIONS } from './security.config.js';
import { fastifyTrustProxy } from './trusted-proxies.js';
import { createSchemaValidationPipe } from './validation/schema-validation.pipe.js';

/** A configured application, not yet listening. */
export interface HttpApp {
  app: NestFastifyApplication;
  /** The logger the app and the platform write to. */
  logger: LoggerService;
  /** Where readiness checks are registered (also injectable inside the app). */
  health: HealthRegistry;
  /** The probes and `/metrics`, not yet listening (`management.listen(port, host)`). */
  management: ManagementServer;
  /**
   * The graceful shutdown: readiness 503, drain, wait for requests in flight, `app.close()`.
   * Runs once; rejects if it outlasts `shutdownTimeoutMs`.
   */
  shutdown: (reason?: string) => Promise<void>;
}

/** A service that is listening. */
export interface HttpService {
  app: NestFastifyApplication;
  /** Base URL it listens at, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Base URL of the management listener (probes, `/metrics`), e.g. `http://127.0.0.1:9000`. */
  managementUrl: string;
  /** Graceful shutdown (see {@link HttpApp.shutdown}); also what SIGTERM runs. */
  close: () => Promise<void>;
}

/**
 * Builds the service's Nest application on Fastify with everything the platform gives every
 * service (see the README), without listening: for tests that `inject()` or listen themselves.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const config = resolveHttpAppOptions(options);
  // JSON logs with trace ids, and RED metrics on the management port's /metrics, unless the
  // caller brings its own.
  const logger =
    config.logger ??
    new NestPinoLogger(createLogger({ service: config.serviceName, level: process.env.LOG_LEVEL }));
  config.onRequestComplete ??= (metric) => metrics.observeHttpRequest(metric);
  config.metricsEndpoint ??= metrics;
  const adapter = new FastifyAdapter({
    logger: false,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdFor,
    // Closing the server also closes keep-alive connections that have no request running.
    forceCloseConnections: 'idle',
    // Answers Fastify and Node's parser give themselves, as problem+json with a code.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    { imports: [HealthModule, config.module] },
    adapter,
    { logger, abortOnError: false },
  );
  const tracker = new RequestTracker();
  try {
    await configure(app, config, logger, tracker);
    for (const strategy of config.microservices ?? []) {
      app.connectMicroservice({ strategy }, { inheritAppConfig: true });
    }
    await app.startAllMicroservices();
  } catch (err) {
    // The modules are up (pools, consumers): release them before the error goes to main.ts.
    await app.close();
    throw err;
  }
  const health = app.get(HealthRegistry);
  failLivenessOnFailedTransports(config.microservices ?? [], health);
  const management = new ManagementServer({
    health,
    metricsEndpoint: config.metricsEndpoint,
    logger,
  });
  const shutdown = new GracefulShutdown({
    app,
    health,
    tracker,
    logger,
    drainDelayMs: config.drainDelayMs,
    timeoutMs: config.shutdownTimeoutMs,
  });
  // The probes answer through the whole shutdown (readiness 503 while draining); their listener
  // goes last.
  const shutdownThenManagement = async (reason = 'close() called') => {
    try {
      await shutdown.run(reason);
    } finally {
      await management.close();
    }
  };
  return { app, logger, health, management, shutdown: shutdownThenManagement };
}

/**
 * A transport whose status (Nest's `Server.status`) turns `failed` has stopped for good, as the
 * Kafka consumer after a crash KafkaJS does not restart from: `/health/live` fails, so that the
 * orchestrator restarts the process. Readiness stays as it is: the HTTP API still serves.
 */
function failLivenessOnFailedTransports(
  strategies: CustomTransportStrategy[],
  health: HealthRegistry,
): void {
  for (const strategy of strategies) {
    if (!(strategy instanceof Server)) continue;
    strategy.status.subscribe((status) => {
      if (status === 'failed') health.markBroken(strategy.constructor.name);
    });
  }
}

async function configure(
  app: NestFastifyApplication,
  config: ResolvedHttpAppOptions,
  logger: LoggerService,
  tracker: RequestTracker,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const routes = new RouteTable();
  // Before any route exists: Nest registers its routes in `init()`, after this.
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  installRequestHooks(fastify, { tracker, logger, onRequestComplete: config.onRequestComplete });
  await app.register(helmet, HELMET_OPTIONS);
  const cors = corsOptions(config.cors);
  if (cors) app.enableCors(cors);
  if (config.globalPrefix) app.setGlobalPrefix(config.globalPrefix);
  app.useGlobalFilters(new ProblemDetailsFilter(logger, routes));
  app.useGlobalPipes(createSchemaValidationPipe());
  if (config.openApi) {
    serveOpenApiDocument(app, config.openApi.path, buildOpenApiDocument(app, config.openApi));
  }
}

/**
 * The one call of every service's `main.ts`: builds the app ({@link createHttpApp}), listens on
 * the API port and on the management port, and turns SIGTERM / SIGINT into the graceful
 * shutdown, after which the process ends.
 */
export async function bootstrapHttpService(options: HttpServiceOptions): Promise<HttpService> {
  // Before the modules start: a rejection nobody awaits (KafkaJS's) must not end the process
  // silently, during the boot or after it (lifecycle/fatal.ts).
  const logger =
    options.logger ??
    new NestPinoLogger(
      createLogger({ service: options.serviceName, level: process.env.LOG_LEVEL }),
    );
  const fatal = options.handleSignals === false ? undefined : installFatalHandlers({ logger });
  try {
    return await listen({ ...options, logger }, fatal?.useShutdown);
  } catch (err) {
    // Said once, with its causes, as the process's last line; main.ts's rejection ends it.
    logger.error(
      { message: `${options.serviceName} could not start`, error: describeError(err) },
      undefined,
      'Bootstrap',
    );
    fatal?.uninstall();
    throw err;
  }
}

async function listen(
  options: HttpServiceOptions,
  useShutdown?: (shutdown: HttpApp['shutdown']) => void,
): Promise<HttpService> {
  const { app, logger, management, shutdown } = await createHttpApp(options);
  useShutdown?.(shutdown);
  const host = options.host ?? '127.0.0.1';
  let managementUrl: string;
  try {
    await app.listen({ port: options.port, host });
    managementUrl = await management.listen(options.managementPort, host);
  } catch (err) {
    // Free what the modules acquired (pools, consumers) before the error reaches main.ts.
    await app.close();
    await management.close();
    throw err;
  }
  const url = urlOf(app, host);
  logger.log(
    { message: `${options.serviceName} listening at ${url}, management at ${managementUrl}` },
    'Bootstrap',
  );
  const stopHandlingSignals =
    options.handleSignals === false ? () => undefined : handleSignals(shutdown, logger);
  return {
    app,
    url,
    managementUrl,
    close: async () => {
      stopHandlingSignals();
      await shutdown('close() called');
    },
  };
}

function urlOf(app: NestFastifyApplication, host: string): string {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return baseUrl(host, port);
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On SIGTERM or SIGINT: the graceful shutdown, then the same signal again with the default
 * handler, so that the process ends as the signal says (exit code 143 / 130), or exit code 1
 * when the shutdown fails or outlasts its timeout.
 * @returns a function that stops listening to the signals.
 */
function handleSignals(shutdown: HttpApp['shutdown'], logger: LoggerService): () => void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // The listener stays while the shutdown runs. Other listeners (the telemetry flush) raise
    // the signal again once nobody else listens to it: removing this one first let them end
    // the process mid-shutdown, before the Kafka consumers left their groups.
    if (shuttingDown) return;
    shuttingDown = true;
    shutdown(signal).then(
      () => {
        stop();
        process.kill(process.pid, signal);
      },
      (err: unknown) => {
        logger.error(
          { message: 'graceful shutdown failed', error: String(err) },
          undefined,
          'Shutdown',
        );
        process.exit(1);
      },
    );
  };
  const stop = () => SIGNALS.forEach((signal) => process.removeListener(signal, onSignal));
  SIGNALS.forEach((signal) => process.on(signal, onSignal));
  return stop;
}
