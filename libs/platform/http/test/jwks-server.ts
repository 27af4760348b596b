import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';

/** A signing key of the fake auth service. */
export interface TestKey {
  kid: string;
  alg: 'EdDSA' | 'ES256';
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** The public key as SPKI PEM: what an algorithm-confusion attacker uses as an HMAC secret. */
  publicPem: string;
}

/** Makes a key pair for `alg`, with `kid`. */
export async function makeKey(alg: 'EdDSA' | 'ES256', kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

/** A JWKS endpoint on 127.0.0.1 serving `keys`, counting its requests. */
export class JwksServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly counter: { requests: number },
  ) {}

  /** How many times the key set was fetched. */
  get requests(): number {
    return this.counter.requests;
  }

  static async start(keys: TestKey[]): Promise<JwksServer> {
    const body = JSON.stringify({ keys: keys.map((key) => key.publicJwk) });
    const counter = { requests: 0 };
    const server = createServer((_request, response) => {
      counter.requests += 1;
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new JwksServer(server, `http://127.0.0.1:${port}/.well-known/jwks.json`, counter);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.closeAllConnections();
      this.server.close((err) => (err ? reject(err) : resolve()));
    });
  }
}

export const ISSUER = 'https://auth.shop.test';
export const AUDIENCE = 'shop-api';

/** What a token may differ in from a good one. */
export interface TokenOverrides {
  typ?: string;
  issuer?: string;
  audience?: string;
  /** Seconds since the epoch. */
  exp?: number;
  claims?: JWTPayload;
  subject?: string | null;
}

/** An access token signed with `key`, good unless `overrides` say otherwise. */
export async function signToken(key: TestKey, overrides: TokenOverrides = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ roles: ['customer'], email: 'ada@example.com', ...overrides.claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: overrides.typ ?? 'at+jwt' })
    .setIssuer(overrides.issuer ?? ISSUER)
    .setAudience(overrides.audience ?? AUDIENCE)
    .setIssuedAt(now - 5)
    .setExpirationTime(overrides.exp ?? now + 300);
  if (overrides.subject !== null) jwt.setSubject(overrides.subject ?? 'user-1');
  return jwt.sign(key.privateKey);
}

/** A JWT whose header says `alg: none`, with no signature: hand-made, as no library makes one. */
export function unsignedToken(payload: JWTPayload): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(payload)}.`;
}

/** An HS256 token whose HMAC secret is the public key (the algorithm-confusion attack). */
export async function hmacWithPublicKey(key: TestKey, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' })
    .sign(new TextEncoder().encode(key.publicPem));
}
