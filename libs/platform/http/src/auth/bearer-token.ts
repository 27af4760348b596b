import { InvalidTokenError, MissingTokenError } from './auth.errors.js';

/** RFC 6750 §2.1: `Bearer` and a b64token, scheme case-insensitive. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Longer than any token the auth service issues; bounds the work spent on garbage. */
const MAX_TOKEN_LENGTH = 8_192;

/**
 * The token of an `Authorization: Bearer` header.
 * @throws MissingTokenError when there is no header or it uses another scheme.
 * @throws InvalidTokenError when the header says `Bearer` but holds no well-formed token.
 */
export function bearerTokenOf(authorization: string | undefined): string {
  if (!authorization) throw new MissingTokenError();
  const scheme = authorization.trimStart().split(' ', 1)[0] ?? '';
  if (scheme.toLowerCase() !== 'bearer') throw new MissingTokenError();
  const token = BEARER.exec(authorization.trim())?.[1];
  if (!token || token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError();
  return token;
}
