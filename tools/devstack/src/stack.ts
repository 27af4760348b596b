import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { say } from './log.ts';
import { launch, logFile, portTaken, runningPid, stop, treeRssMb, waitUntil } from './proc.ts';
import type { Server } from './server.ts';
import { cassandra } from './servers/cassandra.ts';
import { ferretdb } from './servers/ferretdb.ts';
import { kafka } from './servers/kafka.ts';
import { postgres } from './servers/postgres.ts';
import { redis } from './servers/redis.ts';
import { paths, settings } from './settings.ts';

export const servers: readonly Server[] = [postgres, redis, kafka, cassandra, ferretdb];

export function select(names: string[]): Server[] {
  if (names.length === 0) return [...servers];
  return names.map((name) => {
    const server = servers.find((candidate) => candidate.name === name);
    if (!server)
      throw new Error(`unknown server "${name}"; known: ${servers.map((s) => s.name).join(', ')}`);
    return server;
  });
}

async function healthy(server: Server): Promise<boolean> {
  try {
    await server.probe();
    return true;
  } catch {
    return false;
  }
}

/**
 * Brings one server to "answers queries": leaves a healthy one alone, waits for one still
 * booting, restarts one that died, and refuses to start over a port someone else holds.
 */
async function ensureUp(
  server: Server,
  launchSpec: Awaited<ReturnType<Server['prepare']>>,
): Promise<void> {
  let pid = runningPid(server.name);
  if (pid !== undefined && (await healthy(server))) {
    // Idempotent: a database added to the settings appears on the next `up`.
    await server.bootstrap?.();
    say(server.name, `healthy (pid ${pid}), left alone`);
    return;
  }
  if (pid === undefined) {
    if (await portTaken(settings.host, server.port)) {
      throw new Error(
        `${server.name}: port ${server.port} is taken by a process the devstack did not start; ` +
          `stop it or set DEVSTACK_${server.name.toUpperCase()}_PORT`,
      );
    }
    pid = launch(server.name, launchSpec);
    say(server.name, `started (pid ${pid}), waiting for it to answer a query…`);
  } else {
    say(server.name, `running (pid ${pid}) but not answering yet, waiting…`);
  }
  const started = Date.now();
  const runningAs = pid;
  await waitUntil(() => server.probe(), {
    timeoutMs: settings.readyTimeoutMs,
    intervalMs: server.bootHint === 'slow' ? 1000 : 250,
    alive: () => runningPid(server.name) === runningAs,
    what: `${server.name} (log: ${logFile(server.name)})`,
  });
  await server.bootstrap?.();
  say(
    server.name,
    `ready on ${settings.host}:${server.port} after ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
}

export async function up(selected: Server[]): Promise<void> {
  // Provision one at a time (downloads and the Go build compete for two cores), then start the
  // slow ones first and wait for all of them together.
  const launches = new Map<Server, Awaited<ReturnType<Server['prepare']>>>();
  for (const server of selected) {
    if (runningPid(server.name) !== undefined && (await healthy(server))) continue;
    launches.set(server, await server.prepare());
  }
  const ordered = [...selected].sort((a, b) =>
    a.bootHint === b.bootHint ? 0 : a.bootHint === 'slow' ? -1 : 1,
  );
  const results = await Promise.allSettled(
    ordered.map((server) => ensureUp(server, launches.get(server) ?? { cmd: '', args: [] })),
  );
  writeEnvFile();
  const failures = results.flatMap((result) =>
    result.status === 'rejected' ? [String(result.reason)] : [],
  );
  if (failures.length > 0) throw new Error(failures.join('\n'));
  say('devstack', `all ${selected.length} up; connection settings in ${paths.envFile}`);
}

export async function down(selected: Server[]): Promise<void> {
  await Promise.all(
    selected.map(async (server) => {
      const stopped = await stop(
        server.name,
        server.stopSignal,
        server.bootHint === 'slow' ? 30_000 : 15_000,
      );
      say(server.name, stopped ? 'stopped' : 'was not running (nothing the devstack started)');
    }),
  );
}

export async function reset(selected: Server[]): Promise<void> {
  await down(selected);
  for (const server of selected) {
    rmSync(server.dataDir, { recursive: true, force: true });
    say(server.name, `data wiped (${server.dataDir})`);
  }
}

export interface ServerStatus {
  name: string;
  pid: number | null;
  port: number;
  healthy: boolean;
  rssMb: number | null;
  dataDir: string;
}

export async function status(selected: Server[]): Promise<ServerStatus[]> {
  return Promise.all(
    selected.map(async (server) => {
      const pid = runningPid(server.name) ?? null;
      return {
        name: server.name,
        pid,
        port: server.port,
        healthy: pid !== null && (await healthy(server)),
        rssMb: pid === null ? null : treeRssMb(pid),
        dataDir: server.dataDir,
      };
    }),
  );
}

export function logs(selected: Server[], lines: number): void {
  for (const server of selected) {
    const file = logFile(server.name);
    process.stdout.write(`==> ${server.name} (${file}) <==\n`);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8').split('\n');
    process.stdout.write(`${text.slice(-lines - 1).join('\n')}\n`);
  }
}

/** One env file for services and tests: every server's connection settings. */
function writeEnvFile(): void {
  mkdirSync(paths.home, { recursive: true });
  const entries = servers.flatMap((server) => Object.entries(server.env()));
  const body = entries.map(([key, value]) => `${key}=${value}`).join('\n');
  writeFileSync(
    paths.envFile,
    `# Written by tools/devstack (npm run infra -- up). Do not edit.\n${body}\n`,
  );
}
