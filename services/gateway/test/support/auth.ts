import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export const ISSUER = 'https://auth.gateway.test';
export const AUDIENCE = 'shop-api';

/** The auth service's part in a test: a JWKS on 127.0.0.1 and EdDSA access tokens signed for it. */
export class TestAuth {
  private constructor(
    private readonly server: Server,
    private readonly privateKey: CryptoKey,
    readonly jwksUrl: string,
  ) {}

  static async start(): Promise<TestAuth> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'gateway-test', alg: 'EdDSA' };
    const body = JSON.stringify({ keys: [jwk] });
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new TestAuth(server, privateKey, `http://127.0.0.1:${port}/.well-known/jwks.json`);
  }

  /** A valid access token for `subject` with `roles` (and without a `jti` for `jti: null`). */
  token(
    subject: string,
    roles: string[] = ['customer'],
    jti: string | null = randomUUID(),
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ roles })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'gateway-test', typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(subject)
      .setIssuedAt(now - 5)
      .setExpirationTime(now + 600);
    // As the auth service's tokens do: the gateway refuses a token it could not revoke.
    if (jti !== null) jwt.setJti(jti);
    return jwt.sign(this.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
