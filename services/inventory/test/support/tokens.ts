import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ISSUER = 'https://auth.shop.test';
export const AUDIENCE = 'shop-api';

const base64url = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

/**
 * A stand-in for the auth service: one Ed25519 key, its JWKS on 127.0.0.1, and access tokens
 * signed as auth signs them (EdDSA, `typ: at+jwt`).
 */
export class TestIssuer {
  private constructor(
    private readonly server: Server,
    private readonly privateKey: KeyObject,
    readonly jwksUrl: string,
  ) {}

  static async start(): Promise<TestIssuer> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwks = JSON.stringify({
      keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'test-1', alg: 'EdDSA', use: 'sig' }],
    });
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new TestIssuer(server, privateKey, `http://127.0.0.1:${port}/.well-known/jwks.json`);
  }

  /** An access token for `subject` with `roles`, valid for five minutes. */
  token(subject: string, roles: string[]): string {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url({ alg: 'EdDSA', kid: 'test-1', typ: 'at+jwt' });
    const payload = base64url({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: subject,
      roles,
      iat: now - 5,
      exp: now + 300,
    });
    const signature = sign(null, Buffer.from(`${header}.${payload}`), this.privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.closeAllConnections();
      this.server.close((error) => (error ? reject(error) : resolve()));
    });
  }
}
