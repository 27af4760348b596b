import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fail, say } from './log.ts';
import { isAlive } from './proc.ts';
import { paths } from './settings.ts';
import { down, logs, reset, select, status, up } from './stack.ts';

const usage = `usage: npm run infra -- <command> [server...]

  up       provision (cached) and start the servers; leaves healthy ones alone
  down     stop what the devstack started
  status   pid, port, health, memory and data directory of each server  [--json]
  logs     the tail of each server's log                                 [-n LINES]
  reset    stop, then wipe the data (downloads are kept)

servers: postgres redis kafka cassandra ferretdb (default: all)`;

/**
 * Two `up`s at once (a test run beside \`npm start\`) would race to launch the same server:
 * commands that change state take a lock file holding the owner's pid.
 */
async function withLock<T>(action: () => Promise<T>): Promise<T> {
  mkdirSync(paths.run, { recursive: true });
  const lock = join(paths.run, 'lock');
  const deadline = Date.now() + 15 * 60_000;
  for (let announced = false; ;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const owner = Number(readFileSync(lock, 'utf8'));
      if (!isAlive(owner)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) fail(`another devstack command (pid ${owner}) holds ${lock}`);
      if (!announced) say('devstack', `waiting for another devstack command (pid ${owner})…`);
      announced = true;
      await sleep(500);
    }
  }
  try {
    return await action();
  } finally {
    rmSync(lock, { force: true });
  }
}

function printStatus(rows: Awaited<ReturnType<typeof status>>): void {
  const header = ['server', 'state', 'pid', 'port', 'rss', 'data'];
  const table = rows.map((row) => [
    row.name,
    row.pid === null ? 'stopped' : row.healthy ? 'healthy' : 'unhealthy',
    row.pid === null ? '-' : String(row.pid),
    String(row.port),
    row.rssMb === null ? '-' : `${row.rssMb} MiB`,
    row.dataDir,
  ]);
  const widths = header.map((_, col) =>
    Math.max(header[col].length, ...table.map((r) => r[col].length)),
  );
  for (const line of [header, ...table]) {
    process.stdout.write(`${line.map((cell, col) => cell.padEnd(widths[col])).join('  ')}\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const flags = rest.filter((arg) => arg.startsWith('-'));
  const names = rest.filter((arg, i) => !arg.startsWith('-') && rest[i - 1] !== '-n');
  const selected = select(names);
  switch (command) {
    case 'up':
      await withLock(() => up(selected));
      return;
    case 'down':
      await withLock(() => down(selected));
      return;
    case 'reset':
      await withLock(() => reset(selected));
      return;
    case 'status': {
      const rows = await status(selected);
      if (flags.includes('--json')) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else printStatus(rows);
      if (rows.some((row) => !row.healthy)) process.exitCode = 3;
      return;
    }
    case 'logs': {
      const n = rest.indexOf('-n');
      logs(selected, n >= 0 ? Number(rest[n + 1]) || 100 : 100);
      return;
    }
    default:
      process.stdout.write(`${usage}\n`);
      process.exitCode =
        command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) =>
  fail(err instanceof Error ? err.message : String(err)),
);
