import { isIPv4, isIPv6 } from 'node:net';

/**
 * The unit one client's failures are counted under: an IPv4 address, or the /64 an IPv6 address
 * belongs to (one subscriber usually holds a whole /64, so counting single addresses would give
 * them 2^64 fresh counters).
 */
export function ipBucket(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address, without leading zeros. */
function expandIPv6(ip: string): string[] {
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros =
    tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((hextet) =>
    hextet.toLowerCase().replace(/^0+(?=.)/, ''),
  );
}
