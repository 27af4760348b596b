import { Controller, Get, Global, Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CurrentUser, Public, Roles } from '../src/auth/auth.decorator.js';
import type { AuthenticatedUser } from '../src/auth/current-user.js';
import { InvalidTokenError, RevokedTokenError } from '../src/auth/auth.errors.js';
import { resolveJwtAuthOptions } from '../src/auth/jwt-auth.config.js';
import { JwtAuthModule } from '../src/auth/jwt-auth.module.js';
import { TOKEN_REVOCATION_CHECK, type TokenRevocationCheck } from '../src/auth/token-revocation.js';
import { TokenVerifier, type VerifiedAccessToken } from '../src/auth/token-verifier.service.js';
import {
  AUDIENCE,
  hmacWithPublicKey,
  ISSUER,
  JwksServer,
  makeKey,
  signToken,
  unsignedToken,
  type TestKey,
} from './jwks-server.js';
import { problemOf, request, startService } from './test-kit.js';

@Controller('me')
class MeController {
  @Get()
  me(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }

  @Roles('admin')
  @Get('admin')
  admin(@CurrentUser() user: AuthenticatedUser): { admin: string } {
    return { admin: user.id };
  }

  @Public()
  @Get('public')
  open(): { public: true } {
    return { public: true };
  }
}

function appModule(jwksUrl: string) {
  @Module({
    imports: [JwtAuthModule.forRoot({ jwksUrl, issuer: ISSUER, audience: AUDIENCE })],
    controllers: [MeController],
  })
  class AppModule {}
  return AppModule;
}

describe('JwtAuthGuard', () => {
  let jwks: JwksServer;
  let edKey: TestKey;
  let ecKey: TestKey;
  let unknownKey: TestKey;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    edKey = await makeKey('EdDSA', 'ed-1');
    ecKey = await makeKey('ES256', 'ec-1');
    unknownKey = await makeKey('EdDSA', 'ed-unknown');
    jwks = await JwksServer.start([edKey, ecKey]);
    ({ url, close } = await startService(appModule(jwks.url)));
  });

  afterAll(async () => {
    await close();
    await jwks.close();
  });

  const get = (path: string, token?: string) =>
    request(`${url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  async function expectInvalidToken(response: Response): Promise<void> {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await problemOf(response)).toMatchObject({ code: 'AUTH.INVALID_TOKEN', status: 401 });
  }

  it('refuses a request without a token: 401 AUTH.MISSING_TOKEN', async () => {
    const response = await get('/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await problemOf(response)).toMatchObject({ code: 'AUTH.MISSING_TOKEN', status: 401 });
  });

  it('refuses another authorization scheme as a missing token', async () => {
    const response = await request(`${url}/me`, { headers: { authorization: 'Basic YTpi' } });
    expect(await problemOf(response)).toMatchObject({ code: 'AUTH.MISSING_TOKEN' });
  });

  it('refuses a malformed bearer token', async () => {
    await expectInvalidToken(await get('/me', 'not-a-jwt'));
  });

  it('refuses an expired token', async () => {
    const exp = Math.floor(Date.now() / 1000) - 120;
    await expectInvalidToken(await get('/me', await signToken(edKey, { exp })));
  });

  it('refuses an unsigned alg:none token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = unsignedToken({ sub: 'user-1', iss: ISSUER, aud: AUDIENCE, exp: now + 300 });
    await expectInvalidToken(await get('/me', token));
  });

  it('refuses a token signed by an unknown key', async () => {
    await expectInvalidToken(await get('/me', await signToken(unknownKey)));
  });

  it('refuses a token signed by an unknown key under a known kid', async () => {
    const impostor = { ...unknownKey, kid: edKey.kid };
    await expectInvalidToken(await get('/me', await signToken(impostor)));
  });

  it('refuses a token for another audience', async () => {
    await expectInvalidToken(await get('/me', await signToken(edKey, { audience: 'other-api' })));
  });

  it('refuses a token from another issuer', async () => {
    const token = await signToken(edKey, { issuer: 'https://evil.example' });
    await expectInvalidToken(await get('/me', token));
  });

  it('refuses a token that is not an access token (typ JWT)', async () => {
    await expectInvalidToken(await get('/me', await signToken(edKey, { typ: 'JWT' })));
  });

  it('refuses a token without sub', async () => {
    await expectInvalidToken(await get('/me', await signToken(edKey, { subject: null })));
  });

  it('refuses an HS256 token whose secret is the public key (algorithm confusion)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await hmacWithPublicKey(edKey, {
      sub: 'attacker',
      roles: ['admin'],
      iss: ISSUER,
      aud: AUDIENCE,
      exp: now + 300,
    });
    await expectInvalidToken(await get('/me/admin', token));
  });

  it('accepts a good EdDSA token and hands the user to the handler', async () => {
    const response = await get('/me', await signToken(edKey));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: 'user-1',
      roles: ['customer'],
      email: 'ada@example.com',
    });
  });

  it('accepts a good ES256 token', async () => {
    const response = await get('/me', await signToken(ecKey, { subject: 'user-2' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 'user-2' });
  });

  it('tolerates 30 s of clock skew', async () => {
    const exp = Math.floor(Date.now() / 1000) - 10;
    expect((await get('/me', await signToken(edKey, { exp }))).status).toBe(200);
  });

  it('forbids a customer on an admin route: 403 AUTH.FORBIDDEN', async () => {
    const response = await get('/me/admin', await signToken(edKey));
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ code: 'AUTH.FORBIDDEN', status: 403 });
  });

  it('lets an admin on an admin route', async () => {
    const token = await signToken(edKey, { subject: 'boss', claims: { roles: ['admin'] } });
    const response = await get('/me/admin', token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ admin: 'boss' });
  });

  it('lets anyone on a @Public() route', async () => {
    expect((await get('/me/public')).status).toBe(200);
  });

  it('keeps the key set cached instead of fetching it per request', async () => {
    const before = jwks.requests;
    for (let i = 0; i < 5; i += 1) await get('/me', await signToken(edKey));
    expect(jwks.requests).toBe(before);
  });
});

describe('JwtAuthGuard without its key set', () => {
  it('answers 503 AUTH.KEYS_UNAVAILABLE, not 401, when the JWKS cannot be fetched', async () => {
    const key = await makeKey('EdDSA', 'ed-1');
    const jwks = await JwksServer.start([key]);
    const jwksUrl = jwks.url;
    await jwks.close();
    const { url, close } = await startService(appModule(jwksUrl));
    try {
      const response = await request(`${url}/me`, {
        headers: { authorization: `Bearer ${await signToken(key)}` },
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await problemOf(response)).toMatchObject({ code: 'AUTH.KEYS_UNAVAILABLE' });
    } finally {
      await close();
    }
  });
});

describe('TokenVerifier', () => {
  let jwks: JwksServer;
  let key: TestKey;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    key = await makeKey('EdDSA', 'ed-1');
    jwks = await JwksServer.start([key]);
    verifier = new TokenVerifier(
      resolveJwtAuthOptions({ jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE }),
    );
  });

  afterAll(async () => {
    await jwks.close();
  });

  /** The jose error code behind the refusal of `token`: proves which check refused it. */
  async function refusal(token: string): Promise<string | undefined> {
    const error = await verifier.verify(token).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(InvalidTokenError);
    const cause = (error as InvalidTokenError).cause as { code?: string; claim?: string };
    return cause.claim ? `${cause.code}:${cause.claim}` : cause.code;
  }

  const now = () => Math.floor(Date.now() / 1000);

  it('refuses each bad token for its own reason', async () => {
    expect(
      await refusal(unsignedToken({ sub: 'u', iss: ISSUER, aud: AUDIENCE, exp: now() + 60 })),
    ).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    expect(
      await refusal(
        await hmacWithPublicKey(key, { sub: 'u', iss: ISSUER, aud: AUDIENCE, exp: now() + 60 }),
      ),
    ).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    expect(await refusal(await signToken(key, { exp: now() - 120 }))).toBe('ERR_JWT_EXPIRED:exp');
    expect(await refusal(await signToken(key, { audience: 'x' }))).toBe(
      'ERR_JWT_CLAIM_VALIDATION_FAILED:aud',
    );
    expect(await refusal(await signToken(key, { issuer: 'x' }))).toBe(
      'ERR_JWT_CLAIM_VALIDATION_FAILED:iss',
    );
    expect(await refusal(await signToken(key, { typ: 'JWT' }))).toBe(
      'ERR_JWT_CLAIM_VALIDATION_FAILED:typ',
    );
    expect(await refusal(await signToken(key, { subject: null }))).toBe(
      'ERR_JWT_CLAIM_VALIDATION_FAILED:sub',
    );
    const stranger = await makeKey('EdDSA', 'ed-stranger');
    expect(await refusal(await signToken(stranger))).toBe('ERR_JWKS_NO_MATCHING_KEY');
    expect(await refusal(await signToken({ ...stranger, kid: key.kid }))).toBe(
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    );
  });

  it('refuses a roles claim that is not a list of strings', async () => {
    const token = await signToken(key, { claims: { roles: 'admin' } });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

/** Refuses the tokens whose `jti` it lists, as the gateway's deny-list does; records what it saw. */
class ListedTokens implements TokenRevocationCheck {
  static readonly revoked = new Set<string>();
  static readonly seen: VerifiedAccessToken[] = [];

  assertUsable(token: VerifiedAccessToken): Promise<void> {
    ListedTokens.seen.push(token);
    if (token.tokenId && ListedTokens.revoked.has(token.tokenId)) {
      return Promise.reject(new RevokedTokenError());
    }
    return Promise.resolve();
  }
}

@Global()
@Module({
  providers: [{ provide: TOKEN_REVOCATION_CHECK, useClass: ListedTokens }],
  exports: [TOKEN_REVOCATION_CHECK],
})
class RevocationModule {}

describe('JwtAuthGuard with a revocation check', () => {
  let jwks: JwksServer;
  let key: TestKey;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    key = await makeKey('EdDSA', 'ed-revocation');
    jwks = await JwksServer.start([key]);
    @Module({ imports: [appModule(jwks.url), RevocationModule] })
    class WithRevocation {}
    ({ url, close } = await startService(WithRevocation));
  });

  afterAll(async () => {
    await close();
    await jwks.close();
  });

  const me = (token: string) =>
    request(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });

  it('asks the check after verification, with the jti and exp, and answers its refusal 401', async () => {
    const exp = Math.floor(Date.now() / 1000) + 120;
    const good = await signToken(key, { exp, claims: { jti: 'still-good' } });
    const revoked = await signToken(key, { claims: { jti: 'logged-out' } });
    ListedTokens.revoked.add('logged-out');

    expect((await me(good)).status).toBe(200);
    expect(ListedTokens.seen.at(-1)).toMatchObject({
      tokenId: 'still-good',
      expiresAt: exp,
      user: { id: 'user-1' },
    });
    const refused = await me(revoked);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await problemOf(refused)).toMatchObject({ code: 'AUTH.TOKEN_REVOKED', status: 401 });
  });

  it('never asks about a token that failed verification, nor on a public route', async () => {
    const before = ListedTokens.seen.length;
    const stranger = await makeKey('EdDSA', 'ed-revocation');
    expect((await me(await signToken(stranger))).status).toBe(401);
    expect((await request(`${url}/me/public`)).status).toBe(200);
    expect(ListedTokens.seen).toHaveLength(before);
  });
});
