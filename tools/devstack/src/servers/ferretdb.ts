import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { goBuild } from '../provision.ts';
import type { Server } from '../server.ts';
import { devstackDir, paths, settings } from '../settings.ts';

const cfg = settings.ferretdb;
const dataDir = join(paths.data, 'ferretdb');
const url = `mongodb://${settings.host}:${cfg.port}/`;

/** FerretDB 1.x on its SQLite backend: the MongoDB wire protocol without a mongod binary. */
export const ferretdb: Server = {
  name: 'ferretdb',
  port: cfg.port,
  dataDir,
  stopSignal: 'SIGTERM',
  bootHint: 'fast',

  async prepare() {
    const binary = await goBuild('ferretdb', 'ferretdb', join(devstackDir, 'ferretdb'));
    mkdirSync(dataDir, { recursive: true });
    return {
      cmd: binary,
      args: ['--listen', `${settings.host}:${cfg.port}`, '--sqlite-dir', dataDir],
    };
  },

  async probe() {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
    try {
      await client.connect();
      await client.db('admin').command({ listDatabases: 1, nameOnly: true });
    } finally {
      await client.close();
    }
  },

  env() {
    return { MONGODB_URL: url };
  },
};
