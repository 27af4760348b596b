/**
 * Access tokens with exactly one thing wrong. The platform under attack is started with a signing
 * key made here (`AUTH_SIGNING_KEY`), so a token can be correctly signed and still expired, for
 * another audience or of another type: each refusal then proves one check, not the signature.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';

export interface TokenClaims {
  sub: string;
  roles: string[];
  email?: string;
}

/** What a well-formed access token of this platform looks like (see `services/auth/README.md`). */
export interface TokenShape {
  issuer: string;
  audience: string;
}

type Signer = Parameters<SignJWT['sign']>[0];

/** One Ed25519 key pair with a `kid`: the platform's own (given to auth) or an impostor's. */
export class SigningKey {
  private constructor(
    readonly kid: string,
    private readonly privateKey: Signer,
    readonly privateJwk: JWK,
    readonly publicJwk: JWK,
  ) {}

  static async generate(kid = `chaos-${randomUUID().slice(0, 8)}`): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', {
      crv: 'Ed25519',
      extractable: true,
    });
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA', use: 'sig' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
    return new SigningKey(kid, privateKey, privateJwk, publicJwk);
  }

  /** The same `kid` with another key: what someone who read the JWKS but has no private key makes. */
  async impostor(): Promise<SigningKey> {
    return SigningKey.generate(this.kid);
  }

  /** The value of `AUTH_SIGNING_KEY` for the auth service. */
  get environmentValue(): string {
    return JSON.stringify(this.privateJwk);
  }

  /** Signs `payload` as given: no claim is added, so a test controls every one. */
  sign(payload: JWTPayload, header: { typ?: string; kid?: string } = {}): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({
        alg: 'EdDSA',
        typ: header.typ ?? 'at+jwt',
        kid: header.kid ?? this.kid,
      })
      .sign(this.privateKey);
  }
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The claims of a valid access token of `who`, issued now, for 15 minutes. */
export function validPayload(shape: TokenShape, who: TokenClaims): JWTPayload {
  const now = nowSeconds();
  return {
    iss: shape.issuer,
    aud: shape.audience,
    sub: who.sub,
    roles: who.roles,
    ...(who.email ? { email: who.email } : {}),
    iat: now,
    exp: now + 900,
    jti: randomUUID(),
  };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsecured JWT (`alg: none`): header, payload and an empty signature. */
export function unsignedToken(payload: JWTPayload, kid: string): string {
  return `${base64url({ alg: 'none', typ: 'at+jwt', kid })}.${base64url(payload)}.`;
}

/**
 * Algorithm confusion: HS256 with the server's public key as the HMAC secret. A verifier that
 * takes the algorithm from the token and the key from the JWKS would accept it.
 */
export function hs256WithPublicKey(payload: JWTPayload, publicJwk: JWK): Promise<string> {
  const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: publicJwk.kid })
    .sign(secret);
}

/** The same token with its payload changed and its signature kept. */
export function tamper(token: string, change: (payload: JWTPayload) => JWTPayload): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as JWTPayload;
  return `${header}.${base64url(change(decoded))}.${signature}`;
}

export { nowSeconds };
