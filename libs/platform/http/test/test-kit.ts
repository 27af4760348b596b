import type { LoggerService } from '@nestjs/common';
import type { DynamicModule, Type } from '@nestjs/common';
import { bootstrapHttpService, type HttpService } from '../src/bootstrap.js';
import type { HttpServiceOptions } from '../src/http-app.config.js';

/** One log call, as the app made it. */
export interface LogEntry {
  level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
  message: unknown;
  params: unknown[];
}

/** A logger that keeps what it is given, for assertions, and prints nothing. */
export class CapturingLogger implements LoggerService {
  readonly entries: LogEntry[] = [];
  log(message: unknown, ...params: unknown[]): void {
    this.entries.push({ level: 'log', message, params });
  }
  error(message: unknown, ...params: unknown[]): void {
    this.entries.push({ level: 'error', message, params });
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.entries.push({ level: 'warn', message, params });
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.entries.push({ level: 'debug', message, params });
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.entries.push({ level: 'verbose', message, params });
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.entries.push({ level: 'fatal', message, params });
  }
}

/** Starts `module` on 127.0.0.1, on a free port, without signal handlers. */
export async function startService(
  module: Type<unknown> | DynamicModule,
  options: Partial<HttpServiceOptions> = {},
): Promise<HttpService & { logger: CapturingLogger }> {
  const logger = new CapturingLogger();
  const service = await bootstrapHttpService({
    module,
    serviceName: 'test-service',
    port: 0,
    managementPort: 0,
    cors: { origins: [] },
    logger,
    handleSignals: false,
    shutdownTimeoutMs: 5_000,
    ...options,
  });
  return { ...service, logger };
}

/** A `fetch` bounded in time, so that a hung server fails the test instead of hanging it. */
export function request(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(5_000), ...init });
}

/** The JSON body of a problem response, with its content type checked. */
export async function problemOf(response: Response): Promise<Record<string, unknown>> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${type}: ${await response.text()}`);
  }
  return (await response.json()) as Record<string, unknown>;
}

/** Polls `check` until it returns true, for at most `timeoutMs`; the error names `what`. */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
