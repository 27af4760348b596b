/**
 * Preload entry of a service: `node --import @shop/platform-telemetry/register dist/main.js`.
 *
 * An ESM application's static imports are all linked before its first line runs, so the modules
 * to instrument can only be patched by a loader hook that is in place before the application is
 * loaded: `--import` runs this file first. It registers `import-in-the-middle`'s hook (through
 * `@opentelemetry/instrumentation/hook.mjs`, the specifier the instrumentations' documentation
 * gives), then starts the SDK from the environment (`OTEL_SERVICE_NAME` and the variables of
 * `telemetryOptionsFromEnv`), and exports what is buffered when the process is told to stop.
 */
import { register } from 'node:module';
import { startTelemetry, telemetryOptionsFromEnv, type TelemetryHandle } from './telemetry.js';

/** How long a stopping process waits for the last spans to reach the collector. */
const FLUSH_TIMEOUT_MS = 5_000;

function flushBounded(telemetry: TelemetryHandle): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, FLUSH_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([telemetry.shutdown(), timeout])
    .catch((error: unknown) => {
      // Telemetry must never block or fail a shutdown; say why spans were lost, then go on.
      process.stderr.write(`[telemetry] flush on exit failed: ${String(error)}\n`);
    })
    .finally(() => clearTimeout(timer));
}

function flushOnStop(telemetry: TelemetryHandle): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void flushBounded(telemetry).then(() => {
        // A listener replaces Node's default of exiting on the signal. When nothing else (Nest's
        // shutdown hooks, say) handles it, raise it again now that ours is gone, so the process
        // still ends the way the signal says.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    });
  }
  process.once('beforeExit', () => void flushBounded(telemetry));
}

const options = telemetryOptionsFromEnv(process.env.OTEL_SERVICE_NAME ?? 'unknown');
// Disabled means nothing registered, not even the hook, which would wrap every module loaded.
if (options.enabled) {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  flushOnStop(startTelemetry(options));
}
