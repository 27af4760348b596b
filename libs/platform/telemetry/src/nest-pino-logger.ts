import type { LoggerService, LogLevel } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/** Nest's levels as pino names them; `log` is Nest's everyday level. */
const pinoLevel = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
} as const satisfies Record<LogLevel, Level>;

/** Nest's levels, most verbose first. */
const byVerbosity: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

/** The shape of a stack trace, as Nest's ConsoleLogger recognises one. */
const stackFormat = /^(.)+\n\s+at .+:\d+:\d+/;

interface SplitParams {
  context?: string;
  stack?: string;
  rest: unknown[];
}

function isStack(value: unknown): value is string {
  return typeof value === 'string' && stackFormat.test(value);
}

/**
 * Nest's `Logger` calls a `LoggerService` as `log(message, ...params, context)` and
 * `error(message, stack?, context)`: the context, when there is one, is the last string, and the
 * stack of an error comes just before it. `undefined` stands for an absent stack.
 */
function splitParams(params: unknown[], withStack: boolean): SplitParams {
  const rest = [...params];
  const split: SplitParams = { rest };
  const last = rest.at(-1);
  if (typeof last === 'string' && !(withStack && isStack(last)))
    split.context = rest.pop() as string;
  if (withStack && (isStack(rest.at(-1)) || (rest.length > 0 && rest.at(-1) === undefined))) {
    split.stack = rest.pop() as string | undefined;
  }
  return split;
}

/**
 * Nest's `LoggerService` over a pino logger (`app.useLogger(new NestPinoLogger(createLogger(…)))`),
 * so the framework's own lines are JSON with trace ids like the services' lines. Nest's context
 * becomes the `context` field, an error's stack `stack`, other arguments `params`.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** pino has a threshold, Nest a set: the most verbose level of the set becomes the threshold. */
  setLogLevels(levels: LogLevel[]): void {
    const lowest = byVerbosity.find((level) => levels.includes(level));
    this.logger.level = lowest ? pinoLevel[lowest] : 'silent';
  }

  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    const { context, stack, rest } = splitParams(params, level === 'error' || level === 'fatal');
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields.context = context;
    if (stack !== undefined) fields.stack = stack;
    if (rest.length > 0) fields.params = rest;
    const log = this.logger[pinoLevel[level]].bind(this.logger);
    if (message instanceof Error) log({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null && !Array.isArray(message)) {
      log({ ...message, ...fields });
    } else log(fields, String(message));
  }
}
