/** The one reader of IP address text: its bytes, and its agreement with node:net on real addresses. */
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipBytes, normalizeIp } from '../../src/pki/ip.js';

const hex = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('hex') : undefined);

describe('ipBytes', () => {
  it.each([
    ['192.0.2.10', 'c000020a'],
    ['2001:db8::1', '20010db8000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201'],
    ['fe80:0:0:0:0:0:0:1', 'fe800000000000000000000000000001'],
  ])('%s', (text, expected) => {
    expect(hex(ipBytes(text))).toBe(expected);
    expect(normalizeIp(text)).toBe(expected);
  });

  it.each([
    '',
    '192.0.2',
    '192.0.2.256',
    '1.2.3.4.5',
    '2001:db8::1::2',
    '2001:db8:::1',
    'g::1',
    'example.com',
  ])('refuses %j', (text) => {
    expect(ipBytes(text)).toBeUndefined();
  });

  it('reads every generated IPv4 and IPv6 address that node:net accepts, at its length', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (text) => {
        expect(isIP(text)).not.toBe(0);
        const bytes = ipBytes(text);
        expect(bytes?.length).toBe(isIP(text) === 4 ? 4 : 16);
      }),
    );
  });
});
