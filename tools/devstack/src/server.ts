import type { Launch } from './proc.ts';

/** One backing server the devstack provisions, runs and probes. */
export interface Server {
  readonly name: string;
  readonly port: number;
  readonly dataDir: string;
  /** Signal for a clean shutdown (Postgres: SIGINT is its "fast" mode; SIGTERM waits for clients). */
  readonly stopSignal: NodeJS.Signals;
  /** Rough boot time, so that the slowest servers start first. */
  readonly bootHint: 'slow' | 'fast';
  /** Gets binaries or jars (cached after the first run) and returns how to launch the server. */
  prepare(): Promise<Launch>;
  /** Throws unless the server answers a real query. */
  probe(): Promise<void>;
  /** Runs once the server answers: roles, databases. Must be idempotent. */
  bootstrap?(): Promise<void>;
  /** Connection settings for services and tests. */
  env(): Record<string, string>;
}
