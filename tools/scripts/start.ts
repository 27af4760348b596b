/**
 * `npm start`: brings the platform up on this machine. For now that is the backing servers;
 * the services join as they are built.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'tools', 'devstack', 'src', 'cli.ts');

function devstack(...args: string[]): number {
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;
}

if (devstack('up') !== 0) process.exit(1);
process.stdout.write('\nBacking servers:\n');
devstack('status');
const envFile = join(root, '.devstack', 'devstack.env');
process.stdout.write(`\nConnection settings (${envFile}):\n${readFileSync(envFile, 'utf8')}`);
process.stdout.write(
  '\nStop them with `npm run infra -- down`; wipe their data with `npm run infra -- reset`.\n',
);
