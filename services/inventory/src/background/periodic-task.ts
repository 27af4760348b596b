import type { LoggerService } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs`, one run at a time, until stopped. A failing run is logged and
 * the next one tries again: background work must never take the process down.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
    private readonly logger: Pick<LoggerService, 'error'>,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops scheduling and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs once now (tests, benchmarks), unless a run is in progress. */
  async runOnce(): Promise<void> {
    this.running ??= this.work()
      .catch((error: unknown) => {
        this.logger.error(
          { message: `${this.name} failed`, error: String(error) },
          undefined,
          this.name,
        );
      })
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce().then(() => this.schedule());
    }, this.intervalMs);
    // A pending run must not keep a process alive that is otherwise done.
    this.timer.unref();
  }
}
