/**
 * A small strict DER reader: just what certificates, keys and their extensions need. Parsing
 * with it costs microseconds where a schema-driven BER parser costs about a millisecond, and it
 * notes every deviation from DER instead of silently accepting BER.
 */

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  teletexString: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  universalString: 0x1c,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Context-specific tag `[n]`, constructed (EXPLICIT or structured) or primitive (IMPLICIT). */
export const contextTag = (n: number, constructed: boolean): number => (constructed ? 0xa0 : 0x80) | n;

export class DerError extends Error {
  override readonly name = 'DerError';
}

/** One tag-length-value, as views into the input (nothing is copied). */
export interface Tlv {
  tag: number;
  /** The whole encoding, header included. */
  bytes: Uint8Array;
  /** The content octets. */
  value: Uint8Array;
}

/** Collects deviations from DER found while reading (they do not stop the reader). */
export type DerNotes = string[];

/**
 * A TLV read in place: its two views are made only when asked for. A certificate has about a
 * hundred TLVs and most are only walked through, so making both views for each one made parsing
 * allocate several times the certificate's size.
 */
class TlvView implements Tlv {
  private whole: Uint8Array | undefined;
  private content: Uint8Array | undefined;

  constructor(
    readonly tag: number,
    readonly input: Uint8Array,
    readonly start: number,
    readonly contentStart: number,
    readonly end: number,
  ) {}

  get bytes(): Uint8Array {
    return (this.whole ??= this.input.subarray(this.start, this.end));
  }

  get value(): Uint8Array {
    return (this.content ??= this.input.subarray(this.contentStart, this.end));
  }
}

/** Reads the TLV at `offset` of `input`, which ends at `limit`; throws DerError on what cannot be read at all. */
function readTlv(input: Uint8Array, offset: number, limit: number, notes: DerNotes): TlvView {
  if (offset + 2 > limit) throw new DerError('truncated');
  const tag = input[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used in certificates');
  let length = input[offset + 1]!;
  let header = 2;
  if (length === 0x80) throw new DerError('indefinite length (BER, not DER)');
  if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 4 || offset + 2 + count > limit) throw new DerError('bad length');
    length = 0;
    for (let index = 0; index < count; index += 1) length = length * 256 + input[offset + 2 + index]!;
    header += count;
    if (length < 0x80 || input[offset + 2] === 0) notes.push('a length not in its shortest form');
  }
  const end = offset + header + length;
  if (end > limit) throw new DerError('truncated');
  return new TlvView(tag, input, offset, offset + header, end);
}

/** The single TLV that makes up `input`; trailing bytes are a DER deviation. */
export function readRoot(input: Uint8Array, notes: DerNotes): Tlv {
  const root = readTlv(input, 0, input.length, notes);
  if (root.end !== input.length) notes.push('bytes after the end of the structure');
  return root;
}

/** The TLVs inside a constructed TLV. */
export function children(parent: Tlv, notes: DerNotes): Tlv[] {
  if ((parent.tag & 0x20) === 0) throw new DerError('expected a constructed value');
  const items: Tlv[] = [];
  // Read in place in the parent's input, without making a view of the parent's content.
  const view = parent instanceof TlvView ? parent : undefined;
  const input = view ? view.input : parent.value;
  const limit = view ? view.end : input.length;
  let offset = view ? view.contentStart : 0;
  while (offset < limit) {
    const item = readTlv(input, offset, limit, notes);
    items.push(item);
    offset = item.end;
  }
  return items;
}

export function expectTag(tlv: Tlv | undefined, tag: number): Tlv {
  if (!tlv || tlv.tag !== tag) throw new DerError(`expected tag 0x${tag.toString(16)}`);
  return tlv;
}

/** Dotted OIDs by their encoding: a certificate reads a few dozen, nearly all seen before. */
const oidTexts = new Map<string, string>();
const OID_CACHE_LIMIT = 4096;

export function readOid(tlv: Tlv): string {
  const { value } = expectTag(tlv, TAG.oid);
  if (value.length === 0) throw new DerError('empty OID');
  const key = value.length <= 32 ? String.fromCharCode.apply(null, value as unknown as number[]) : undefined;
  const known = key === undefined ? undefined : oidTexts.get(key);
  if (known !== undefined) return known;
  const text = dottedOid(value);
  if (key !== undefined) {
    if (oidTexts.size >= OID_CACHE_LIMIT) oidTexts.clear();
    oidTexts.set(key, text);
  }
  return text;
}

function dottedOid(value: Uint8Array): string {
  let text: string | undefined;
  let arc = 0;
  for (let index = 0; index < value.length; index += 1) {
    const byte = value[index]!;
    arc = arc * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (text === undefined) text = arc < 80 ? `${Math.floor(arc / 40)}.${arc % 40}` : `2.${arc - 80}`;
      else text += `.${arc}`;
      arc = 0;
    }
  }
  // No arc ends in the value: what reading it as arcs has always given.
  return text ?? '2.NaN';
}

export function readBoolean(tlv: Tlv, notes: DerNotes): boolean {
  const { value } = expectTag(tlv, TAG.boolean);
  if (value.length !== 1) throw new DerError('bad BOOLEAN');
  if (value[0] !== 0x00 && value[0] !== 0xff) notes.push('a BOOLEAN that is neither 00 nor FF');
  return value[0] !== 0;
}

/** A small non-negative INTEGER (lengths, versions, counts). */
export function readSmallInteger(tlv: Tlv): number {
  const { value } = expectTag(tlv, TAG.integer);
  if (value.length === 0 || value.length > 6 || value[0]! >= 0x80) throw new DerError('bad INTEGER');
  return value.reduce((total, byte) => total * 256 + byte, 0);
}

/** A BIT STRING's bits, without the leading unused-bits count. */
export function readBitString(tlv: Tlv): { bits: Uint8Array; unusedBits: number } {
  const { value } = expectTag(tlv, TAG.bitString);
  if (value.length === 0 || value[0]! > 7) throw new DerError('bad BIT STRING');
  return { bits: value.subarray(1), unusedBits: value[0]! };
}

const LATIN1 = new TextDecoder('latin1');
const UTF8 = new TextDecoder('utf-8');
const UTF16BE = new TextDecoder('utf-16be');

/** The text of a directory or IA5 string; undefined for a type that is not a string. */
export function readString(tlv: Tlv): string | undefined {
  switch (tlv.tag) {
    case TAG.utf8String:
      return UTF8.decode(tlv.value);
    case TAG.printableString:
    case TAG.ia5String:
    case TAG.teletexString:
      return LATIN1.decode(tlv.value);
    case TAG.bmpString:
      return UTF16BE.decode(tlv.value);
    case TAG.universalString: {
      const points: number[] = [];
      for (let index = 0; index + 3 < tlv.value.length; index += 4) {
        points.push(new DataView(tlv.value.buffer, tlv.value.byteOffset + index, 4).getUint32(0));
      }
      return String.fromCodePoint(...points);
    }
    default:
      return undefined;
  }
}

/** The value of `count` ASCII digits at `offset`, or NaN when one is not a digit. */
function digits(bytes: Uint8Array, offset: number, count: number): number {
  let value = 0;
  for (let index = offset; index < offset + count; index += 1) {
    const digit = bytes[index]! - 0x30;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** UTCTime `YYMMDDHHMMSSZ` or GeneralizedTime `YYYYMMDDHHMMSSZ`, nothing else. */
export function readTime(tlv: Tlv): Date {
  const yearDigits = tlv.tag === TAG.utcTime ? 2 : tlv.tag === TAG.generalizedTime ? 4 : 0;
  const { value } = tlv;
  if (yearDigits === 0 || value.length !== yearDigits + 11 || value[value.length - 1] !== 0x5a)
    throw new DerError('bad time');
  const fields = [yearDigits, 2, 2, 2, 2, 2];
  const parts: number[] = [];
  let offset = 0;
  for (const count of fields) {
    const part = digits(value, offset, count);
    if (Number.isNaN(part)) throw new DerError('bad time');
    parts.push(part);
    offset += count;
  }
  const [yearText, month, day, hour, minute, second] = parts as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const year = yearDigits === 2 ? (yearText < 50 ? 2000 + yearText : 1900 + yearText) : yearText;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
