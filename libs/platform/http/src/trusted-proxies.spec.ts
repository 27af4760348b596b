import { describe, expect, it } from 'vitest';
import { fastifyTrustProxy, parseTrustedProxies } from './trusted-proxies.js';

describe('parseTrustedProxies', () => {
  it.each<[string | undefined, unknown]>([
    [undefined, false],
    ['', false],
    ['0', false],
    ['1', 1],
    [' 2 ', 2],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['10.0.0.0/8, 192.168.1.7,fd00::/8', ['10.0.0.0/8', '192.168.1.7', 'fd00::/8']],
    ['loopback', ['loopback']],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseTrustedProxies(raw)).toEqual(expected);
  });

  it.each(['11', 'ingress', '10.0.0.0/33', '10.0.0.1/8/2', 'fd00::/129', '10.0.0.0/', '1,2', ', '])(
    'refuses %j, naming the variable',
    (raw) => {
      expect(() => parseTrustedProxies(raw)).toThrow(/^TRUSTED_PROXIES must be/);
    },
  );
});

describe('fastifyTrustProxy', () => {
  it('trusts the first `hops` addresses of the chain, counting the peer as hop 0', () => {
    const trust = fastifyTrustProxy(1) as (address: string, hop: number) => boolean;
    expect([trust('127.0.0.1', 0), trust('203.0.113.7', 1)]).toEqual([true, false]);
    expect(fastifyTrustProxy(false)).toBe(false);
  });
});
