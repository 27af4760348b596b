import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { requireTool } from '../provision.ts';
import type { Server } from '../server.ts';
import { paths, settings } from '../settings.ts';

const cfg = settings.redis;
const dataDir = join(paths.data, 'redis');

export const redis: Server = {
  name: 'redis',
  port: cfg.port,
  dataDir,
  stopSignal: 'SIGTERM',
  bootHint: 'fast',

  async prepare() {
    const bin = await requireTool('redis', ['redis-server'], ['redis-server']);
    mkdirSync(dataDir, { recursive: true });
    return {
      cmd: bin,
      args: [
        '--bind',
        settings.host,
        '--port',
        String(cfg.port),
        '--dir',
        dataDir,
        // Carts live only here: an append-only file, synced every second, keeps them across a
        // restart (the chaos suite stops Redis under load; without it carts came back empty).
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--maxmemory',
        `${cfg.maxMemoryMb}mb`,
        // Refuse writes when full rather than silently drop a customer's cart.
        '--maxmemory-policy',
        'noeviction',
      ],
    };
  },

  async probe() {
    const client = new Redis({
      host: settings.host,
      port: cfg.port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // connect() rejects with the same error; without a listener ioredis also prints it.
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) !== 'PONG') throw new Error('redis did not answer PONG');
    } finally {
      client.disconnect();
    }
  },

  env() {
    return { REDIS_URL: `redis://${settings.host}:${cfg.port}` };
  },
};
