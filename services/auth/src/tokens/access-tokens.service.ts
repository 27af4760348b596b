import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import type { Role } from '@shop/contracts';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config.js';
import { KeyRing } from '../keys/key-ring.service.js';
import { SIGNING_ALGORITHM } from '../keys/signing-keys.js';

/** Whom an access token is for. */
export interface TokenSubject {
  id: string;
  email: string;
  roles: Role[];
}

/** A signed access token and its lifetime in seconds. */
export interface AccessToken {
  token: string;
  expiresIn: number;
}

/**
 * Access tokens: JWTs signed with the current Ed25519 key, typed `at+jwt` (RFC 9068) so that no
 * other JWT (an ID token, a link token) can be replayed as one, carrying what the other services
 * need without calling this one: `sub`, `roles`, `email`.
 */
@Injectable()
export class AccessTokensService {
  private readonly settings: AuthConfig['tokens'];

  constructor(
    @Inject(AUTH_CONFIG) config: AuthConfig,
    private readonly keys: KeyRing,
  ) {
    this.settings = config.tokens;
  }

  async issue(subject: TokenSubject): Promise<AccessToken> {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = this.settings.accessTokenTtlSeconds;
    const key = this.keys.current;
    const token = await new SignJWT({ roles: subject.roles, email: subject.email })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: 'at+jwt', kid: key.kid })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setSubject(subject.id)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn)
      .setJti(randomUUID())
      .sign(key.privateKey);
    return { token, expiresIn };
  }
}
