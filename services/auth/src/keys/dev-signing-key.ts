import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { thumbprint } from './signing-keys.js';

/**
 * The local demo's signing key: read from `file`, or generated and written there the first time
 * (owner-only permissions). It survives restarts, so tokens issued before a restart still verify.
 * Never used in production: the configuration refuses `AUTH_DEV_KEYS` there.
 *
 * @returns the private key as JWK text, as `AUTH_SIGNING_KEY` would hold it.
 */
export function loadOrCreateDevSigningKey(file: string): string {
  const existing = readIfPresent(file);
  if (existing !== undefined) return existing;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const text = `${JSON.stringify({ ...jwk, kid: `dev-${thumbprint(String(jwk.x)).slice(0, 16)}` })}\n`;
  try {
    // `wx`: when two processes start together, one writes and the other reads the winner's key.
    writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(file, 'utf8');
  }
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
