import type { LoggerService } from '@nestjs/common';

/**
 * An error with its chain of causes, one line each (`caused by: …`), and the first stack: what a
 * process that is about to end leaves behind for the person reading its last lines.
 */
export function describeError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    const prefix = depth === 0 ? '' : 'caused by: ';
    if (current instanceof Error) {
      // KafkaJS names its protocol errors in `type`, Node and the drivers in `code`.
      const code = errorCode(current);
      const name = code === undefined ? current.name : `${current.name} (${code})`;
      lines.push(`${prefix}${name}: ${current.message}`);
      current = current.cause;
    } else {
      lines.push(`${prefix}${typeof current === 'string' ? current : JSON.stringify(current)}`);
      current = undefined;
    }
  }
  const stack = error instanceof Error ? error.stack?.split('\n').slice(1, 6).join('\n') : '';
  return stack ? `${lines.join('\n')}\n${stack}` : lines.join('\n');
}

function errorCode(error: Error): string | undefined {
  const { type, code } = error as { type?: unknown; code?: unknown };
  const value = type ?? code;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** What {@link installFatalHandlers} acts on. */
export interface FatalHandlerDeps {
  logger: LoggerService;
  /** Ends the process (default `process.exit`); the tests pass their own. */
  exit?: (code: number) => void;
}

/** The handlers of one process; the graceful shutdown is handed over once the app exists. */
export interface FatalHandlers {
  /** From now on a fatal error runs this shutdown (readiness 503, drain, close) before the exit. */
  useShutdown: (shutdown: (reason: string) => Promise<void>) => void;
  /** Removes the handlers (tests; a process that ends normally keeps them). */
  uninstall: () => void;
}

/**
 * An unhandled rejection or an uncaught exception (KafkaJS rejects from background metadata
 * refreshes a service never awaits) ends the process, but never silently and never without the
 * graceful path: the error is logged with its causes, then the graceful shutdown runs (when the
 * app exists yet), then the process exits with code 1. Node's default would print to stderr
 * and exit at once, leaving consumer groups and requests in flight behind.
 */
export function installFatalHandlers(deps: FatalHandlerDeps): FatalHandlers {
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  let shutdown: ((reason: string) => Promise<void>) | undefined;
  let ending = false;
  const onFatal = (kind: string) => (error: unknown) => {
    deps.logger.error(
      { message: `${kind}: the service ends`, error: describeError(error) },
      undefined,
      'Fatal',
    );
    if (ending) return;
    ending = true;
    const graceful = shutdown ? shutdown(kind) : Promise.resolve();
    graceful.then(
      () => exit(1),
      (shutdownError: unknown) => {
        deps.logger.error(
          { message: 'graceful shutdown failed', error: describeError(shutdownError) },
          undefined,
          'Fatal',
        );
        exit(1);
      },
    );
  };
  const onRejection = onFatal('unhandled rejection');
  const onException = onFatal('uncaught exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    useShutdown: (run) => {
      shutdown = run;
    },
    uninstall: () => {
      process.removeListener('unhandledRejection', onRejection);
      process.removeListener('uncaughtException', onException);
    },
  };
}
