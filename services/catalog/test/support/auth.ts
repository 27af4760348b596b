import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export const ISSUER = 'https://auth.shop.test';
export const AUDIENCE = 'shop-api';

/**
 * The auth service's part in a test: a JWKS endpoint on 127.0.0.1 serving one EdDSA key, and
 * access tokens signed with it, as the catalog's `JwtAuthModule` verifies them.
 */
export class TestAuth {
  private constructor(
    private readonly server: Server,
    private readonly privateKey: CryptoKey,
    private readonly kid: string,
    readonly jwksUrl: string,
  ) {}

  static async start(): Promise<TestAuth> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    const kid = 'catalog-test';
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
    const body = JSON.stringify({ keys: [jwk] });
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new TestAuth(server, privateKey, kid, `http://127.0.0.1:${port}/.well-known/jwks.json`);
  }

  /** A valid access token of a user with `roles`. */
  token(roles: string[], subject = 'user-1'): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ roles })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.kid, typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(subject)
      .setIssuedAt(now - 5)
      .setExpirationTime(now + 600)
      .sign(this.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.closeAllConnections();
      this.server.close((err) => (err ? reject(err) : resolve()));
    });
  }
}
