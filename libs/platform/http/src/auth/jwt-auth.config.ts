/** Signature algorithms an access token may use: asymmetric only, so no shared secret exists. */
export const ACCESS_TOKEN_ALGORITHMS = ['EdDSA', 'ES256'] as const;

/** One of {@link ACCESS_TOKEN_ALGORITHMS}. */
export type AccessTokenAlgorithm = (typeof ACCESS_TOKEN_ALGORITHMS)[number];

/** Injection token of the resolved {@link JwtAuthOptions}. */
export const JWT_AUTH_OPTIONS = Symbol('JWT_AUTH_OPTIONS');

/** How access tokens are verified. */
export interface JwtAuthOptions {
  /** The auth service's JSON Web Key Set, e.g. `http://auth:3000/.well-known/jwks.json`. */
  jwksUrl: string;
  /** Expected `iss`. */
  issuer: string;
  /** Expected `aud` (this service, or the platform's API audience). */
  audience: string | string[];
  /** Allowed `alg`s, a subset of {@link ACCESS_TOKEN_ALGORITHMS} (default: both). */
  algorithms?: AccessTokenAlgorithm[];
  /** The claim holding the subject's roles, an array of strings (default `roles`). */
  rolesClaim?: string;
  /** How long fetched keys are used before they are fetched again (default 10 min). */
  cacheMaxAgeMs?: number;
  /** Least time between two fetches, e.g. for tokens with an unknown `kid` (default 30 s). */
  cooldownMs?: number;
  /** Bound on one fetch of the key set (default 5 s). */
  fetchTimeoutMs?: number;
}

/** {@link JwtAuthOptions} with every default filled in. */
export type ResolvedJwtAuthOptions = Required<JwtAuthOptions>;

/** Checks `options` and fills in the defaults; throws at boot on a misconfiguration. */
export function resolveJwtAuthOptions(options: JwtAuthOptions): ResolvedJwtAuthOptions {
  const url = new URL(options.jwksUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`jwksUrl must be an http(s) URL, got ${url.protocol}`);
  }
  if (!options.issuer) throw new Error('issuer must not be empty');
  const audiences = [options.audience].flat();
  if (audiences.length === 0 || audiences.some((a) => !a)) {
    throw new Error('audience must not be empty');
  }
  const algorithms = options.algorithms ?? [...ACCESS_TOKEN_ALGORITHMS];
  const unsupported = algorithms.filter((alg) => !ACCESS_TOKEN_ALGORITHMS.includes(alg));
  if (algorithms.length === 0 || unsupported.length > 0) {
    throw new Error(
      `algorithms must be a non-empty subset of ${ACCESS_TOKEN_ALGORITHMS.join(', ')}`,
    );
  }
  return {
    jwksUrl: url.href,
    issuer: options.issuer,
    audience: options.audience,
    algorithms,
    rolesClaim: options.rolesClaim ?? 'roles',
    cacheMaxAgeMs: options.cacheMaxAgeMs ?? 10 * 60_000,
    cooldownMs: options.cooldownMs ?? 30_000,
    fetchTimeoutMs: options.fetchTimeoutMs ?? 5_000,
  };
}
