/**
 * Runs services as child processes: each line they print comes out prefixed with the service's
 * name, a process that exits on its own is reported with its last lines (never hidden), and
 * `stopAll` ends them gracefully (SIGTERM, then SIGKILL after a grace period).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { ServiceSpec } from './services.ts';
import { ROOT } from './services.ts';

const COLOURS = [36, 35, 33, 32, 34, 31];
const TAIL_LINES = 30;

export interface Output {
  /** One line of a service, already prefixed. */
  line(text: string): void;
}

/** Writes to the terminal, the prefix in colour when it is one. */
export const terminal: Output = { line: (text) => process.stdout.write(`${text}\n`) };

/** Why a service ended without being asked to. */
export interface Crash {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  lastLines: string[];
}

/** One process of a service, as started by the {@link Supervisor}. */
export class Supervised {
  readonly tail: string[] = [];
  stopping = false;
  /**
   * Resolves once the process has exited and its output pipes are read to the end: `exit` comes
   * before the last lines, which are the ones that say why.
   */
  readonly closed: Promise<void>;

  constructor(
    readonly spec: ServiceSpec,
    readonly child: ChildProcess,
  ) {
    this.closed = once(child, 'close').then(() => undefined);
  }

  remember(line: string): void {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Ends it at once, as a crash would. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    this.stopping = true;
    if (!this.running) return;
    const exited = once(this.child, 'exit');
    this.child.kill(signal);
    await exited;
  }

  /** SIGTERM, and SIGKILL if it is still there after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (!this.running) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

export class Supervisor {
  /** The newest process of each service. */
  private readonly processes = new Map<string, Supervised>();
  /** Older processes of a service still running beside its newest (a rolling restart). */
  private readonly replaced = new Set<Supervised>();

  constructor(
    private readonly output: Output = terminal,
    private readonly onCrash: (crash: Crash) => void = () => undefined,
    private readonly colour = process.stdout.isTTY,
  ) {}

  /**
   * Starts one service; its output is prefixed from the first line. A process of the service
   * that is still running is left alone (`stop` and `kill` by name no longer reach it).
   */
  start(spec: ServiceSpec): Supervised {
    const previous = this.processes.get(spec.name);
    if (previous?.running) {
      this.replaced.add(previous);
      previous.child.once('exit', () => this.replaced.delete(previous));
    }
    const child = spawn(process.execPath, spec.args, {
      cwd: ROOT,
      // PATH only from outside: a stray variable of the shell must not change a service.
      env: { PATH: process.env.PATH ?? '', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const supervised = new Supervised(spec, child);
    this.processes.set(spec.name, supervised);
    const prefix = this.prefix(spec.name);
    const partials = new Map<NodeJS.ReadableStream, string>();
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = ((partials.get(stream) ?? '') + chunk).split('\n');
        partials.set(stream, lines.pop() ?? '');
        for (const line of lines) {
          supervised.remember(line);
          this.output.line(`${prefix} ${line}`);
        }
      });
    }
    // A last line without its newline (a process killed mid-write) is kept too.
    const flush = () => {
      const rest = [...partials.values()].filter((line) => line.length > 0);
      partials.clear();
      for (const line of rest) supervised.remember(line);
      return rest;
    };
    // `close`, not `exit`: the lines that say why are often still in the pipes at `exit`.
    child.on('close', (code, signal) => {
      for (const line of flush()) this.output.line(`${prefix} ${line}`);
      if (supervised.stopping) return;
      this.output.line(
        `${prefix} *** exited unexpectedly (${signal ?? `code ${code}`}); its last lines are above`,
      );
      this.onCrash({ name: spec.name, code, signal, lastLines: [...supervised.tail] });
    });
    return supervised;
  }

  /** The newest process of the named service. */
  process(name: string): Supervised | undefined {
    return this.processes.get(name);
  }

  /** Whether the named service's process is alive. */
  isRunning(name: string): boolean {
    return this.processes.get(name)?.running ?? false;
  }

  /** The last lines the service printed, to explain a failure. */
  lastLines(name: string): string[] {
    return [...(this.processes.get(name)?.tail ?? [])];
  }

  /** Kills one service at once, as a crash would (for tests of what survives it). */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.processes.get(name)?.kill(signal);
  }

  /** Stops one service: SIGTERM, and SIGKILL if it is still there after `graceMs`. */
  async stop(name: string, graceMs = 10_000): Promise<void> {
    await this.processes.get(name)?.stop(graceMs);
  }

  /** Stops every service, the gateway first, in parallel otherwise. */
  async stopAll(graceMs = 10_000): Promise<void> {
    // Ctrl-C reaches the services too (one process group): their exits are expected from now on.
    for (const supervised of [...this.processes.values(), ...this.replaced]) {
      supervised.stopping = true;
    }
    const names = [...this.processes.keys()];
    if (names.includes('gateway')) await this.stop('gateway', graceMs);
    await Promise.all([
      ...names.map((name) => this.stop(name, graceMs)),
      ...[...this.replaced].map((supervised) => supervised.stop(graceMs)),
    ]);
  }

  private prefix(name: string): string {
    const label = `[${name}]`.padEnd(11);
    if (!this.colour) return label;
    const index = [...this.processes.keys()].indexOf(name);
    const colour = COLOURS[(index < 0 ? this.processes.size : index) % COLOURS.length];
    return `\u001b[${colour}m${label}\u001b[0m`;
  }
}
