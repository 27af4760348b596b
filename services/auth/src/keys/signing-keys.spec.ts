import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyFormatError, parsePublicKey, parseSigningKey, thumbprint } from './signing-keys.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const privateJwk = privateKey.export({ format: 'jwk' });
const publicJwk = publicKey.export({ format: 'jwk' });

describe('parseSigningKey', () => {
  it('reads a private JWK, keeping its kid', () => {
    const key = parseSigningKey(JSON.stringify({ ...privateJwk, kid: 'k1' }));
    expect(key.kid).toBe('k1');
    expect(key.publicJwk).toEqual({ ...publicJwk, kid: 'k1', alg: 'EdDSA', use: 'sig' });
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  it('reads a PKCS#8 PEM, naming it by its RFC 7638 thumbprint', () => {
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const key = parseSigningKey(pem);
    expect(key.kid).toBe(thumbprint(String(publicJwk.x)));
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['a public key', JSON.stringify(publicJwk)],
    [
      'an RSA key',
      generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    ],
    [
      'a P-256 key',
      JSON.stringify(
        generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
      ),
    ],
    ['broken JSON', '{"kty":'],
    ['garbage', 'not a key'],
    ['a mangled PEM', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'],
  ])('refuses %s without quoting it', (_case, text) => {
    let error: unknown;
    try {
      parseSigningKey(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KeyFormatError);
    expect((error as Error).message).not.toContain(String(privateJwk.d));
  });
});

describe('parsePublicKey', () => {
  it('reads a public JWK or SPKI PEM', () => {
    expect(parsePublicKey(JSON.stringify({ ...publicJwk, kid: 'old' })).kid).toBe('old');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(parsePublicKey(pem).publicJwk.x).toBe(publicJwk.x);
  });

  it('refuses a private key: the service must not keep a secret it no longer uses', () => {
    expect(() => parsePublicKey(JSON.stringify(privateJwk))).toThrow(/public key/);
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => parsePublicKey(pem)).toThrow(/public key/);
  });
});
