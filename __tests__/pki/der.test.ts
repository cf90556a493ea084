import { describe, expect, it } from 'vitest';
import { children, DerError, readOid, readRoot, readTime, TAG, type Tlv } from '../../src/pki/der.js';
import { formatName, readName } from '../../src/pki/distinguished-name.js';
import { x509 } from '../../test-support/pki.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const tlv = (tag: number, text: string): Tlv => {
  const value = new TextEncoder().encode(text);
  return { tag, value, bytes: new Uint8Array([tag, value.length, ...value]) };
};

describe('DER reader', () => {
  it('reads nested values and notes nothing for DER', () => {
    const notes: string[] = [];
    const root = readRoot(bytes(0x30, 0x05, 0x02, 0x01, 0x05, 0x05, 0x00), notes);
    expect(children(root, notes).map((item) => item.tag)).toEqual([TAG.integer, TAG.null]);
    expect(notes).toEqual([]);
  });

  it('notes a long-form length where the short form fits, and trailing bytes', () => {
    const notes: string[] = [];
    readRoot(bytes(0x04, 0x81, 0x01, 0xaa, 0x00), notes);
    expect(notes).toEqual(['a length not in its shortest form', 'bytes after the end of the structure']);
  });

  it.each([
    ['an indefinite length', bytes(0x30, 0x80, 0x00, 0x00)],
    ['a length past the end', bytes(0x30, 0x05, 0x02)],
    ['an empty input', bytes()],
  ])('refuses %s', (_name, input) => {
    expect(() => readRoot(input, [])).toThrow(DerError);
  });

  it('decodes OIDs, including multi-byte arcs', () => {
    expect(
      readOid({
        tag: TAG.oid,
        value: bytes(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b),
        bytes: bytes(),
      }),
    ).toBe('1.2.840.113549.1.1.11');
    expect(readOid({ tag: TAG.oid, value: bytes(0x55, 0x1d, 0x25), bytes: bytes() })).toBe('2.5.29.37');
  });

  it('decodes UTCTime on both sides of 2050 and GeneralizedTime', () => {
    expect(readTime(tlv(TAG.utcTime, '491231235959Z')).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(readTime(tlv(TAG.utcTime, '500101000000Z')).toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(readTime(tlv(TAG.generalizedTime, '20500101000000Z')).toISOString()).toBe(
      '2050-01-01T00:00:00.000Z',
    );
    expect(() => readTime(tlv(TAG.utcTime, '2601010000Z'))).toThrow(DerError);
  });
});

describe('distinguished names', () => {
  it('formats attributes in order, as @peculiar/x509 does', () => {
    const name = new x509.Name('CN=app.example.com, O=Example\\, Inc., C=US');
    const notes: string[] = [];
    const attributes = readName(readRoot(new Uint8Array(name.toArrayBuffer()), notes), notes);
    expect(formatName(attributes)).toBe(name.toString());
    expect(attributes.map((attribute) => attribute.text)).toEqual(['app.example.com', 'Example, Inc.', 'US']);
  });
});
