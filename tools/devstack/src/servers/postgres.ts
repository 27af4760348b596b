import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { say } from '../log.ts';
import { run } from '../proc.ts';
import { requireTool } from '../provision.ts';
import type { Server } from '../server.ts';
import { paths, settings } from '../settings.ts';

const cfg = settings.postgres;
const dataDir = join(paths.data, 'postgres');

/** The newest Postgres server binaries Debian installed (`/usr/lib/postgresql/<major>/bin`). */
async function binDir(): Promise<string> {
  const find = () => {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return undefined;
    const majors = readdirSync(root)
      .filter((major) => existsSync(join(root, major, 'bin', 'postgres')))
      .sort((a, b) => Number(b) - Number(a));
    return majors.length > 0 ? join(root, majors[0], 'bin') : undefined;
  };
  const found = find();
  if (found) return found;
  const pgCtl = await requireTool('postgres', ['pg_ctl'], ['postgresql']);
  return find() ?? dirname(pgCtl);
}

/**
 * Postgres refuses to run as root. When the devstack runs as root (CI, containers) the cluster
 * belongs to the `postgres` system user, which must be able to reach the data directory.
 */
async function runAsUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number((await run('id', ['-u', 'postgres'], { what: 'id -u postgres' })).trim());
  const gid = Number((await run('id', ['-g', 'postgres'], { what: 'id -g postgres' })).trim());
  // mktemp-style parents are 0700: grant search (not read) so the postgres user can reach its data.
  mkdirSync(dirname(dataDir), { recursive: true });
  for (let dir = dirname(dataDir); dir !== '/'; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
  }
  return { uid, gid };
}

async function initCluster(
  bin: string,
  owner: { uid: number; gid: number } | undefined,
): Promise<void> {
  say('postgres', `initdb into ${dataDir} (first run only)…`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pwFile = join(paths.run, 'postgres.pw');
  mkdirSync(paths.run, { recursive: true });
  writeFileSync(pwFile, `${cfg.superPassword}\n`, { mode: 0o600 });
  if (owner) {
    chownSync(dataDir, owner.uid, owner.gid);
    chownSync(pwFile, owner.uid, owner.gid);
  }
  await run(
    join(bin, 'initdb'),
    [
      '-D',
      dataDir,
      '-U',
      'postgres',
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ],
    { ...owner, what: 'initdb' },
  );
}

function client(user: string, password: string, database: string): pg.Client {
  return new pg.Client({
    host: settings.host,
    port: cfg.port,
    user,
    password,
    database,
    connectionTimeoutMillis: 2000,
  });
}

export const postgres: Server = {
  name: 'postgres',
  port: cfg.port,
  dataDir,
  stopSignal: 'SIGINT',
  bootHint: 'fast',

  async prepare() {
    const bin = await binDir();
    const owner = await runAsUser();
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initCluster(bin, owner);
    return {
      cmd: join(bin, 'postgres'),
      args: [
        '-D',
        dataDir,
        '-c',
        `listen_addresses=${settings.host}`,
        '-c',
        `port=${cfg.port}`,
        // No Unix socket: everything connects over TCP, and /var/run/postgresql may not exist.
        '-c',
        'unix_socket_directories=',
        '-c',
        `max_connections=${cfg.maxConnections}`,
        '-c',
        `shared_buffers=${cfg.sharedBuffersMb}MB`,
        '-c',
        'logging_collector=off',
      ],
      ...owner,
    };
  },

  async probe() {
    const db = client('postgres', cfg.superPassword, 'postgres');
    try {
      await db.connect();
      await db.query('SELECT 1');
    } finally {
      await db.end().catch(() => undefined);
    }
  },

  async bootstrap() {
    const db = client('postgres', cfg.superPassword, 'postgres');
    await db.connect();
    try {
      const role = await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [cfg.user]);
      if (role.rowCount === 0) {
        // CREATEDB: tests give each file its own database.
        await db.query(`CREATE ROLE ${cfg.user} LOGIN CREATEDB PASSWORD '${cfg.password}'`);
      }
      // One database per service that keeps its data in Postgres, plus `shop` for tools.
      for (const name of [cfg.database, ...cfg.serviceDatabases]) {
        const found = await db.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) await db.query(`CREATE DATABASE "${name}" OWNER ${cfg.user}`);
      }
    } finally {
      await db.end();
    }
  },

  env() {
    return {
      POSTGRES_URL: `postgres://${cfg.user}:${cfg.password}@${settings.host}:${cfg.port}/${cfg.database}`,
    };
  },
};
