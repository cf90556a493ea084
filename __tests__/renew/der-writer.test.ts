/** The DER writer, read back with the project's strict DER reader (which notes any non-DER form). */
import { describe, expect, it } from 'vitest';
import { readBitString, readOid, readRoot, readTime } from '../../src/pki/der.js';
import { namedBits, oid, time, unsignedInteger } from '../../src/renew/der-writer.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('DER writer', () => {
  it('writes INTEGERs in their shortest form, with a sign octet only when the top bit is set', () => {
    expect(hex(unsignedInteger(Uint8Array.of(0, 0, 0x7f)))).toBe('02017f');
    expect(hex(unsignedInteger(Uint8Array.of(0x80)))).toBe('02020080');
    expect(hex(unsignedInteger(Uint8Array.of(0, 0)))).toBe('020100');
  });

  it('drops trailing zero bits of a named-bit BIT STRING (key usage)', () => {
    expect(hex(namedBits(1))).toBe('03020780'); // digitalSignature
    expect(hex(namedBits(1 | 16))).toBe('03020388'); // digitalSignature, keyAgreement
    expect(hex(namedBits(256))).toBe('0303070080'); // decipherOnly, bit 8
    const notes: string[] = [];
    expect(readBitString(readRoot(namedBits(32 | 64), notes)).unusedBits).toBe(1);
    expect(notes).toEqual([]);
  });

  it('round-trips OIDs with large arcs and long lengths', () => {
    for (const text of ['1.2.840.113549.1.1.11', '2.5.29.37.0', '1.3.6.1.4.1.311.20.2.2', '2.999.3']) {
      expect(readOid(readRoot(oid(text), []))).toBe(text);
    }
  });

  it('uses UTCTime through 2049 and GeneralizedTime from 2050, whole seconds', () => {
    const early = new Date('2049-12-31T23:59:59.750Z');
    const late = new Date('2050-01-01T00:00:00Z');
    expect(time(early)[0]).toBe(0x17);
    expect(time(late)[0]).toBe(0x18);
    expect(readTime(readRoot(time(early), [])).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(readTime(readRoot(time(late), [])).toISOString()).toBe('2050-01-01T00:00:00.000Z');
  });
});
