import { describe, expect, it } from 'vitest';
import { ipBucket } from './ip-bucket.js';

describe('ipBucket', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not-an-ip', 'not-an-ip'],
  ])('counts %s as %s', (ip, bucket) => {
    expect(ipBucket(ip)).toBe(bucket);
  });

  it('puts two addresses of one /64 together', () => {
    expect(ipBucket('2001:db8:aa:bb::1')).toBe(ipBucket('2001:db8:aa:bb:ffff:1:2:3'));
  });
});
