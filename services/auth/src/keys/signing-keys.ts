import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** The one signature algorithm of access tokens: Ed25519, small keys, no nonce to get wrong. */
export const SIGNING_ALGORITHM = 'EdDSA';

/** A public Ed25519 key as the JWKS serves it. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: typeof SIGNING_ALGORITHM;
  use: 'sig';
}

/** The key access tokens are signed with now. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

/** A key tokens were signed with before: public only, kept so that its tokens still verify. */
export interface VerificationKey {
  kid: string;
  publicJwk: PublicJwk;
}

/** Refusal of a configured key; never quotes the key, which may be a secret. */
export class KeyFormatError extends Error {
  override readonly name = 'KeyFormatError';
}

/**
 * The current signing key from its configured text: a private Ed25519 JWK (JSON) or a PKCS#8
 * PEM. The `kid` is the JWK's own, else its RFC 7638 thumbprint, so that every replica given the
 * same key announces the same id without anyone choosing one.
 */
export function parseSigningKey(text: string): SigningKey {
  const source = text.trim();
  const jwk = source.startsWith('{') ? parseJwk(source) : undefined;
  if (jwk && typeof jwk['d'] !== 'string') {
    throw new KeyFormatError('must be a private key (the JWK has no "d")');
  }
  const privateKey = importKey(() =>
    jwk ? createPrivateKey({ key: jwk, format: 'jwk' }) : createPrivateKey(pemOnly(source)),
  );
  if (privateKey.type !== 'private') throw new KeyFormatError('must be a private key');
  const publicJwk = toPublicJwk(createPublicKey(privateKey), kidOf(jwk));
  return { kid: publicJwk.kid, privateKey, publicJwk };
}

/**
 * A previous key from its configured text: a public Ed25519 JWK or SPKI PEM. A private key is
 * refused: the service must not hold a secret it no longer signs with.
 */
export function parsePublicKey(text: string): VerificationKey {
  const source = text.trim();
  const jwk = source.startsWith('{') ? parseJwk(source) : undefined;
  if ((jwk && 'd' in jwk) || (!jwk && source.includes('PRIVATE KEY'))) {
    throw new KeyFormatError('must be a public key, not a private one');
  }
  const publicKey = importKey(() =>
    jwk ? createPublicKey({ key: jwk, format: 'jwk' }) : createPublicKey(pemOnly(source)),
  );
  const publicJwk = toPublicJwk(publicKey, kidOf(jwk));
  return { kid: publicJwk.kid, publicJwk };
}

function parseJwk(source: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    throw new KeyFormatError('starts with "{" but is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KeyFormatError('must be a JWK object');
  }
  const jwk = parsed as Record<string, unknown>;
  if (jwk['kty'] !== 'OKP' || jwk['crv'] !== 'Ed25519') {
    throw new KeyFormatError('must be an Ed25519 key (kty "OKP", crv "Ed25519")');
  }
  return jwk;
}

function pemOnly(source: string): string {
  if (!source.startsWith('-----BEGIN ')) {
    throw new KeyFormatError('must be a JWK (JSON) or a PEM block');
  }
  return source;
}

function importKey(load: () => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = load();
  } catch (error) {
    // Node's message names the format problem only, never the key material.
    throw new KeyFormatError(`cannot be read: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KeyFormatError(`must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  return key;
}

function kidOf(jwk: Record<string, unknown> | undefined): string | undefined {
  const kid = jwk?.['kid'];
  return typeof kid === 'string' && kid.length > 0 ? kid : undefined;
}

function toPublicJwk(publicKey: KeyObject, kid: string | undefined): PublicJwk {
  const { x } = publicKey.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new KeyFormatError('has no public part');
  return {
    kty: 'OKP',
    crv: 'Ed25519',
    x,
    kid: kid ?? thumbprint(x),
    alg: SIGNING_ALGORITHM,
    use: 'sig',
  };
}

/** RFC 7638 JWK thumbprint (SHA-256) of an Ed25519 public key: its required members, sorted. */
export function thumbprint(x: string): string {
  const canonical = JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x });
  return createHash('sha256').update(canonical).digest('base64url');
}
