import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyRing } from './key-ring.service.js';

const silent = { log: () => undefined, warn: () => undefined };

function jwkPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    private: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid }),
    public: JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid }),
  };
}

describe('KeyRing', () => {
  it('serves the current key, then the previous one, public parts only', () => {
    const current = jwkPair('new');
    const previous = jwkPair('old');
    const ring = KeyRing.fromConfig(
      { signingKey: current.private, previousPublicKey: previous.public },
      silent,
    );
    expect(ring.jwks().keys.map((key) => key.kid)).toEqual(['new', 'old']);
    expect(JSON.stringify(ring.jwks())).not.toMatch(/"d"/);
  });

  it('refuses a previous key with the current key id', () => {
    const current = jwkPair('same');
    const previous = jwkPair('same');
    expect(() =>
      KeyRing.fromConfig(
        { signingKey: current.private, previousPublicKey: previous.public },
        silent,
      ),
    ).toThrow(/same kid/);
  });
});
