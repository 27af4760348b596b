import { spawn, type SpawnOptions } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { paths } from './settings.ts';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** Shown when the command fails, with the tail of its output. */
  what: string;
}

/** Runs a command to completion; throws with its output's tail when it fails. */
export function run(cmd: string, args: string[], options: RunOptions): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      uid: options.uid,
      gid: options.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (err) =>
      reject(new Error(`${options.what}: cannot run ${cmd}: ${err.message}`)),
    );
    child.on('close', (code) => {
      if (code === 0) resolvePromise(output);
      else
        reject(
          new Error(
            `${options.what} failed (exit ${code}):\n${output.split('\n').slice(-25).join('\n')}`,
          ),
        );
    });
  });
}

export interface Launch {
  cmd: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
}

function pidFile(name: string): string {
  return join(paths.run, `${name}.pid`);
}

export function logFile(name: string): string {
  return join(paths.logs, `${name}.log`);
}

/**
 * Starts a server in its own process group, detached from this CLI, its output appended to the
 * server's log file. The pid file is what `down` and `status` trust: only processes the devstack
 * started are ever stopped.
 */
export function launch(name: string, launchSpec: Launch): number {
  mkdirSync(paths.logs, { recursive: true });
  mkdirSync(paths.run, { recursive: true });
  const out = openSync(logFile(name), 'a');
  const options: SpawnOptions = {
    cwd: launchSpec.cwd,
    env: launchSpec.env ?? process.env,
    uid: launchSpec.uid,
    gid: launchSpec.gid,
    detached: true,
    stdio: ['ignore', out, out],
  };
  const child = spawn(launchSpec.cmd, launchSpec.args, options);
  closeSync(out);
  if (child.pid === undefined) throw new Error(`${name}: could not start ${launchSpec.cmd}`);
  child.unref();
  writeFileSync(pidFile(name), `${child.pid}\n`);
  return child.pid;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped) still answers signal 0.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The pid the devstack recorded for a server, if that process still runs. */
export function runningPid(name: string): number | undefined {
  if (!existsSync(pidFile(name))) return undefined;
  const pid = Number(readFileSync(pidFile(name), 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Stops a server the devstack started: its signal first, SIGKILL after the grace period. */
export async function stop(
  name: string,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<boolean> {
  const pid = runningPid(name);
  rmSync(pidFile(name), { force: true });
  if (pid === undefined) return false;
  signalGroup(pid, signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** True when something accepts TCP connections on the port. */
export function portTaken(host: string, port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolvePromise(false);
    });
    socket.once('error', () => resolvePromise(false));
  });
}

/** Resident memory of a process and all its descendants (Postgres forks a process per backend). */
export function treeRssMb(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we read
    }
  }
  let totalKb = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    totalKb += rss.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return Math.round(totalKb / 1024);
}

/** Polls until `probe` resolves, or fails with the last error once the deadline passes. */
export async function waitUntil(
  probe: () => Promise<void>,
  options: { timeoutMs: number; intervalMs: number; alive: () => boolean; what: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (!options.alive()) throw new Error(`${options.what} exited during start-up`);
    try {
      await probe();
      return;
    } catch (err) {
      lastError = err;
    }
    await sleep(options.intervalMs);
  }
  throw new Error(
    `${options.what} did not answer within ${options.timeoutMs / 1000}s: ${(lastError as Error)?.message ?? 'no answer'}`,
  );
}
