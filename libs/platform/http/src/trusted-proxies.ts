import { isIP } from 'node:net';

/**
 * Which proxies' `X-Forwarded-For` to believe, as Fastify's `trustProxy` takes it: `false` (none:
 * the client address is the peer's), a hop count, or a list of addresses and CIDRs.
 */
export type TrustedProxies = false | number | string[];

/** Beyond any real chain of proxies; a larger count is a typo. */
const MAX_HOPS = 10;

/** Names proxy-addr knows for whole address ranges, for local setups. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Parses `TRUSTED_PROXIES`: empty or `0` trusts no proxy (the default: a client's own
 * `X-Forwarded-For` then changes nothing), an integer trusts that many hops in front of the
 * service, anything else is a comma-separated list of addresses, CIDRs (`10.0.0.0/8`) or the
 * range names `loopback`, `linklocal`, `uniquelocal`.
 * @throws Error naming the variable and the bad entry, so that the boot fails, not a request.
 */
export function parseTrustedProxies(raw: string | undefined): TrustedProxies {
  const value = raw?.trim() ?? '';
  if (value === '' || value === '0') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS) throw trustedProxiesError(value, `more than ${MAX_HOPS} hops`);
    return hops;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!isAddressOrRange(entry))
      throw trustedProxiesError(value, `"${entry}" is not an address or CIDR`);
  }
  return entries;
}

/** `TRUSTED_PROXIES` of this process, parsed (see {@link parseTrustedProxies}). */
export function trustedProxiesFromEnvironment(): TrustedProxies {
  return parseTrustedProxies(process.env.TRUSTED_PROXIES);
}

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

function trustedProxiesError(value: string, why: string): Error {
  return new Error(
    `TRUSTED_PROXIES must be empty (trust no proxy), a hop count (1-${MAX_HOPS}) or a ` +
      `comma-separated list of addresses and CIDRs; got "${value}": ${why}`,
  );
}

/**
 * The value for Fastify's `trustProxy`, whose Nest adapter types take no hop count: a count
 * becomes the function proxy-addr makes of one (hop 0 is the peer), so that both mean the same.
 */
export function fastifyTrustProxy(
  trusted: TrustedProxies,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trusted !== 'number') return trusted;
  return (_address, hop) => hop < trusted;
}
