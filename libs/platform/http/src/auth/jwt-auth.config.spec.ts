import { describe, expect, it } from 'vitest';
import { resolveJwtAuthOptions, type JwtAuthOptions } from './jwt-auth.config.js';

const base: JwtAuthOptions = {
  jwksUrl: 'https://auth.shop.example/.well-known/jwks.json',
  issuer: 'https://auth.shop.example',
  audience: 'shop-api',
};

describe('resolveJwtAuthOptions', () => {
  it('allows EdDSA and ES256 by default, with the cache defaults', () => {
    expect(resolveJwtAuthOptions(base)).toMatchObject({
      algorithms: ['EdDSA', 'ES256'],
      rolesClaim: 'roles',
      cacheMaxAgeMs: 600_000,
      cooldownMs: 30_000,
      fetchTimeoutMs: 5_000,
    });
  });

  it('narrows the algorithms on demand', () => {
    expect(resolveJwtAuthOptions({ ...base, algorithms: ['EdDSA'] }).algorithms).toEqual(['EdDSA']);
  });

  it.each<[string, Partial<JwtAuthOptions>]>([
    ['a symmetric algorithm', { algorithms: ['HS256' as 'EdDSA'] }],
    ['no algorithm', { algorithms: [] }],
    ['a non-URL JWKS', { jwksUrl: 'jwks.json' }],
    ['a file JWKS', { jwksUrl: 'file:///etc/jwks.json' }],
    ['an empty issuer', { issuer: '' }],
    ['an empty audience', { audience: [] }],
  ])('refuses %s', (_case, override) => {
    expect(() => resolveJwtAuthOptions({ ...base, ...override })).toThrow();
  });
});
