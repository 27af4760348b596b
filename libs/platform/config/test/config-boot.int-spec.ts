import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const fixture = join(import.meta.dirname, 'fixtures', 'boot.ts');

function boot(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ['--import', join(root, 'tools/ts-loader/register.mjs'), fixture],
    {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
}

describe('a service booting with a bad environment', () => {
  it('stops with exit code 1 and names the missing variable', () => {
    const result = boot({ PORT: '3000' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('fixture-service: invalid configuration');
    expect(result.stderr).toContain('POSTGRES_URL: is required but not set');
    expect(result.stdout).not.toContain('booted');
  });

  it('boots when every variable is valid', () => {
    const result = boot({ PORT: '3000', POSTGRES_URL: 'postgres://127.0.0.1/db' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('booted on 3000');
    expect(result.status).toBe(0);
  });
});
