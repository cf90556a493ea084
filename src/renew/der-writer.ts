/**
 * A small DER writer: just the types a TBSCertificate and its extensions need. Reading stays
 * with pki/der.ts; this only builds bytes, always in DER's one canonical form.
 */
import { contextTag, TAG } from '../pki/der.js';

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

export function tlv(tag: number, value: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from([tag, ...lengthBytes(value.length)]), value]);
}

export function sequence(...items: Uint8Array[]): Uint8Array {
  return tlv(TAG.sequence, Buffer.concat(items));
}

/** `[n]` EXPLICIT around one encoded value. */
export function explicit(n: number, inner: Uint8Array): Uint8Array {
  return tlv(contextTag(n, true), inner);
}

/** `[n]` IMPLICIT with primitive content. */
export function implicit(n: number, content: Uint8Array): Uint8Array {
  return tlv(contextTag(n, false), content);
}

export function boolean(value: boolean): Uint8Array {
  return tlv(TAG.boolean, Uint8Array.of(value ? 0xff : 0x00));
}

export const NULL = Uint8Array.of(TAG.null, 0);

/** A non-negative INTEGER from its unsigned big-endian magnitude (leading zeros trimmed, sign octet added). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start += 1;
  const trimmed = magnitude.subarray(start);
  const content = trimmed.length === 0 ? Uint8Array.of(0) : trimmed;
  return tlv(TAG.integer, content[0]! >= 0x80 ? Buffer.concat([Uint8Array.of(0), content]) : content);
}

export function smallInteger(value: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return unsignedInteger(Uint8Array.from(bytes.length ? bytes : [0]));
}

export function oidContent(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const bytes: number[] = [];
  const push = (arc: number) => {
    const chunk = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128))
      chunk.unshift((rest & 0x7f) | 0x80);
    bytes.push(...chunk);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  arcs.slice(2).forEach(push);
  return Uint8Array.from(bytes);
}

export function oid(text: string): Uint8Array {
  return tlv(TAG.oid, oidContent(text));
}

export function octetString(value: Uint8Array): Uint8Array {
  return tlv(TAG.octetString, value);
}

export function bitString(bits: Uint8Array, unusedBits = 0): Uint8Array {
  return tlv(TAG.bitString, Buffer.concat([Uint8Array.of(unusedBits), bits]));
}

/** A named-bit BIT STRING (key usage): DER drops trailing zero bits. */
export function namedBits(flags: number): Uint8Array {
  let highest = -1;
  for (let bit = 0; bit < 32; bit += 1) if (flags & (1 << bit)) highest = bit;
  if (highest < 0) return bitString(new Uint8Array(0));
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (let bit = 0; bit <= highest; bit += 1) if (flags & (1 << bit)) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return bitString(bytes, 7 - (highest % 8));
}

/** UTCTime through 2049, GeneralizedTime after, as X.509 asks; whole seconds, Z. */
export function time(date: Date): Uint8Array {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? tlv(TAG.utcTime, Buffer.from(`${digits.slice(2)}Z`, 'latin1'))
    : tlv(TAG.generalizedTime, Buffer.from(`${digits}Z`, 'latin1'));
}
