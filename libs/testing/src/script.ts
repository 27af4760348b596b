import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

export interface ScriptRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr, interleaved as they came. */
  log: string;
}

/**
 * Runs a TypeScript entry point of the repository (e.g. `services/order/src/main.ts`) from its
 * sources, with only `env` (and PATH) and `args`, until it exits; killed after `timeoutMs`, so a run that
 * hangs fails its test with its output instead of hanging it.
 */
export function runScript(
  script: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  args: string[] = [],
): Promise<ScriptRun> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@shop/source',
      '--import',
      join(root, 'tools/ts-loader/register.mjs'),
      join(root, script),
      ...args,
    ],
    { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, log });
    }),
  );
}
