import { Injectable, Logger } from '@nestjs/common';
import { withTimeout } from '../timeout.js';

/** A readiness check: resolves when the dependency is usable, rejects (or times out) when not. */
export type ReadinessCheck = () => Promise<void>;

/** Default time a readiness check may take before it counts as failed. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

/** The outcome of one check in a readiness run. */
export interface CheckResult {
  name: string;
  ok: boolean;
  /** Whether a failure makes the service not ready (see {@link CheckOptions.affectsReadiness}). */
  affectsReadiness: boolean;
  /** Why it failed; safe for the probe's response (no connection strings or stacks). */
  reason?: string;
  durationMs: number;
}

/** The outcome of a readiness run. */
export interface ReadinessReport {
  ready: boolean;
  shuttingDown: boolean;
  checks: CheckResult[];
}

/** How a check runs and what its failure means. */
export interface CheckOptions {
  /** Default {@link DEFAULT_CHECK_TIMEOUT_MS}. */
  timeoutMs?: number;
  /**
   * Default true. False for a dependency the service serves without (a limiter that fails
   * open): its failure is shown in the readiness body but leaves the service ready, so that one
   * outage does not take every replica out of its Service at once.
   */
  affectsReadiness?: boolean;
}

interface RegisteredCheck {
  check: ReadinessCheck;
  timeoutMs: number;
  affectsReadiness: boolean;
}

/**
 * Where stores, brokers and clients register what the service needs to take traffic. Global:
 * inject it anywhere and `register()` in `onModuleInit`. `/health/ready` runs every check,
 * concurrently, each bounded by its timeout.
 */
@Injectable()
export class HealthRegistry {
  private readonly logger = new Logger(HealthRegistry.name);
  private readonly checks = new Map<string, RegisteredCheck>();
  private readonly broken = new Set<string>();
  private shuttingDown = false;

  /**
   * Adds a readiness check under a unique `name` (shown in the 503 when it fails).
   * @returns a function that removes the check again.
   */
  register(name: string, check: ReadinessCheck, options: CheckOptions = {}): () => void {
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    const affectsReadiness = options.affectsReadiness ?? true;
    this.checks.set(name, { check, timeoutMs, affectsReadiness });
    return () => this.checks.delete(name);
  }

  /** The names of the registered checks. */
  names(): string[] {
    return [...this.checks.keys()];
  }

  /** From now on the service reports not ready, whatever the checks say: it is draining. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /**
   * From now on `/health/live` fails, naming `name`: that part stopped for good and only a
   * restart of the process repairs it (a Kafka consumer that KafkaJS will not restart).
   */
  markBroken(name: string): void {
    this.logger.error({ message: `${name} is broken: /health/live fails until a restart` });
    this.broken.add(name);
  }

  /** What {@link markBroken} named; empty while the process is live. */
  brokenParts(): string[] {
    return [...this.broken];
  }

  /**
   * Runs every check, concurrently, each bounded by its timeout: ready when every check that
   * affects readiness passes and the service is not draining.
   */
  async readiness(): Promise<ReadinessReport> {
    const checks = await Promise.all(
      [...this.checks].map(([name, registered]) => this.run(name, registered)),
    );
    const shuttingDown = this.shuttingDown;
    const ready = !shuttingDown && checks.every((c) => c.ok || !c.affectsReadiness);
    return { ready, shuttingDown, checks };
  }

  private async run(name: string, registered: RegisteredCheck): Promise<CheckResult> {
    const { check, timeoutMs, affectsReadiness } = registered;
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      await runWithTimeout(check, timeoutMs, (err) =>
        this.logger.warn({
          message: `readiness check "${name}" failed after its timeout`,
          error: messageOf(err),
        }),
      );
      return { name, ok: true, affectsReadiness, durationMs: durationMs() };
    } catch (err) {
      const timedOut = err instanceof CheckTimeout;
      // The cause goes to the log only: it may name hosts or credentials.
      this.logger.warn({
        message: `readiness check "${name}" failed`,
        error: messageOf(err),
      });
      const reason = timedOut ? `timed out after ${timeoutMs} ms` : 'failed';
      return { name, ok: false, affectsReadiness, reason, durationMs: durationMs() };
    }
  }
}

class CheckTimeout extends Error {}

function runWithTimeout(
  check: ReadinessCheck,
  timeoutMs: number,
  onLateRejection: (err: unknown) => void,
): Promise<void> {
  // `then` turns a check that throws synchronously into a rejection like any other.
  const work = Promise.resolve().then(check);
  return withTimeout(work, timeoutMs, {
    error: () => new CheckTimeout(`timed out after ${timeoutMs} ms`),
    onLateRejection,
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
