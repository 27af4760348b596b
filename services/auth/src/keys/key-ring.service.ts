import { Logger, type LoggerService } from '@nestjs/common';
import type { AuthConfig } from '../config/auth.config.js';
import { loadOrCreateDevSigningKey } from './dev-signing-key.js';
import {
  parsePublicKey,
  parseSigningKey,
  type PublicJwk,
  type SigningKey,
  type VerificationKey,
} from './signing-keys.js';

/** A JSON Web Key Set (RFC 7517 §5). */
export interface JsonWebKeySet {
  keys: PublicJwk[];
}

/**
 * The signing key and the key before it. Tokens are signed with the current key only; the JWKS
 * serves both, so a rotation logs nobody out: tokens signed just before it verify until they
 * expire, and verifiers that meet the new `kid` refetch the set.
 */
export class KeyRing {
  constructor(
    readonly current: SigningKey,
    readonly previous?: VerificationKey,
  ) {
    if (previous?.kid === current.kid) {
      throw new Error('the previous key has the same kid as the current one');
    }
  }

  /** The keys from the configuration (or, for the local demo only, the generated dev key). */
  static fromConfig(
    keys: AuthConfig['keys'],
    logger: Pick<LoggerService, 'log' | 'warn'> = new Logger(KeyRing.name),
  ): KeyRing {
    let signingKey = keys.signingKey;
    if (!signingKey && keys.devKeyFile) {
      logger.warn(`no AUTH_SIGNING_KEY: using the development key in ${keys.devKeyFile}`);
      signingKey = loadOrCreateDevSigningKey(keys.devKeyFile);
    }
    // The configuration schema refuses this already; kept for callers that build a config by hand.
    if (!signingKey) throw new Error('no signing key configured (AUTH_SIGNING_KEY)');
    const previous = keys.previousPublicKey ? parsePublicKey(keys.previousPublicKey) : undefined;
    const ring = new KeyRing(parseSigningKey(signingKey), previous);
    logger.log({
      message: 'signing keys loaded',
      kid: ring.current.kid,
      previousKid: previous?.kid,
    });
    return ring;
  }

  /** What `/.well-known/jwks.json` serves: public keys only, current first. */
  jwks(): JsonWebKeySet {
    return { keys: [this.current.publicJwk, ...(this.previous ? [this.previous.publicJwk] : [])] };
  }
}
