import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateDevSigningKey } from './dev-signing-key.js';
import { parseSigningKey } from './signing-keys.js';

describe('loadOrCreateDevSigningKey', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('generates a key once, owner-readable only, and reads the same key afterwards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-dev-key-'));
    dirs.push(dir);
    const file = join(dir, 'nested', 'key.json');
    const first = loadOrCreateDevSigningKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateDevSigningKey(file)).toBe(first);
    const key = parseSigningKey(first);
    expect(key.kid).toMatch(/^dev-/);
  });
});
