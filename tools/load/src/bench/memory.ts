/** Resident memory of processes on this machine, read from /proc (Linux only). */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** VmRSS of one process in MiB (0 when it is gone). */
export function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields after its last ')' are fixed.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** A process and every descendant of it (Postgres forks one backend per connection). */
export function treeRssMiB(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const parent = parentOf(pid);
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rssMiB(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** The pid listening on a TCP port of 127.0.0.1, from `ss -ltnp`. */
export function pidOnPort(port: number): number | undefined {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const match = /pid=(\d+)/.exec(out);
  return match ? Number(match[1]) : undefined;
}

/** The backing servers' pids, from `npm run -s infra -- status` (its table: server state pid …). */
export function backingServerPids(root: string): Record<string, number> {
  const out = execFileSync(
    process.execPath,
    [join(root, 'tools', 'devstack', 'src', 'cli.ts'), 'status'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  const pids: Record<string, number> = {};
  for (const line of out.split('\n').slice(1)) {
    const [server, state, pid] = line.trim().split(/\s+/);
    if (server && state === 'healthy' && /^\d+$/.test(pid ?? '')) pids[server] = Number(pid);
  }
  return pids;
}
