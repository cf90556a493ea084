/** Decoders for the extension values the lints read; any other extension is listed but not decoded. */
import {
  children,
  contextTag,
  DerError,
  expectTag,
  hex,
  readBitString,
  readBoolean,
  readOid,
  readRoot,
  readSmallInteger,
  TAG,
  type DerNotes,
} from './der.js';
import { EXTENSION } from './oids.js';

export interface SanEntry {
  /** `dns`, `ip`, `email`, `url` (URI), `dn` (dirName), `id` (RID), `otherName`. */
  type: string;
  value: string;
}

export interface DecodedExtensions {
  basicConstraints?: { ca: boolean; pathLength?: number; critical: boolean };
  /** Bit mask, bit n of the BIT STRING as 1 << n (digitalSignature = 1 ... decipherOnly = 256). */
  keyUsage?: { usages: number; critical: boolean };
  extendedKeyUsage?: { usages: string[]; critical: boolean };
  subjectAltName?: { names: SanEntry[]; critical: boolean };
  /** Lowercase hex. */
  subjectKeyId?: string;
  /** Lowercase hex of the AKI keyIdentifier, when the AKI has one. */
  authorityKeyId?: string;
  /**
   * The AKI's issuer-and-serial part, when it has either field: the serial's content octets as
   * encoded, in lowercase hex ('' when only the issuer name is there).
   */
  authorityCertSerial?: string;
}

type Decoder = (value: Uint8Array, critical: boolean, into: DecodedExtensions, notes: DerNotes) => void;

const SAN_TYPES: Record<number, string> = {
  [contextTag(0, true)]: 'otherName',
  [contextTag(1, false)]: 'email',
  [contextTag(2, false)]: 'dns',
  [contextTag(4, true)]: 'dn',
  [contextTag(6, false)]: 'url',
  [contextTag(7, false)]: 'ip',
  [contextTag(8, false)]: 'id',
};

const LATIN1 = new TextDecoder('latin1');

function ipText(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length !== 16) return '';
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2)
    groups.push(((bytes[index]! << 8) | bytes[index + 1]!).toString(16));
  return groups.join(':');
}

function keyUsageFlags(bits: Uint8Array): number {
  let flags = 0;
  for (let bit = 0; bit < 9 && bit < bits.length * 8; bit += 1) {
    if ((bits[bit >> 3]! & (0x80 >> (bit & 7))) !== 0) flags |= 1 << bit;
  }
  return flags;
}

const DECODERS: Record<string, Decoder> = {
  [EXTENSION.basicConstraints]: (value, critical, into, notes) => {
    const fields = children(expectTag(readRoot(value, notes), TAG.sequence), notes);
    let ca = false;
    if (fields[0]?.tag === TAG.boolean) {
      ca = readBoolean(fields.shift()!, notes);
      if (!ca) notes.push('an explicit cA FALSE (the DEFAULT)');
    }
    into.basicConstraints = { ca, critical };
    if (fields[0]) into.basicConstraints.pathLength = readSmallInteger(fields[0]);
  },
  [EXTENSION.keyUsage]: (value, critical, into, notes) => {
    into.keyUsage = { usages: keyUsageFlags(readBitString(readRoot(value, notes)).bits), critical };
  },
  [EXTENSION.extendedKeyUsage]: (value, critical, into, notes) => {
    const oids = children(expectTag(readRoot(value, notes), TAG.sequence), notes).map(readOid);
    into.extendedKeyUsage = { usages: oids, critical };
  },
  [EXTENSION.subjectAltName]: (value, critical, into, notes) => {
    const names = children(expectTag(readRoot(value, notes), TAG.sequence), notes).map((name) => {
      const type = SAN_TYPES[name.tag];
      if (!type) throw new DerError('unknown GeneralName');
      if (type === 'ip') return { type, value: ipText(name.value) };
      if (type === 'id') return { type, value: readOid({ ...name, tag: TAG.oid }) };
      return {
        type,
        value: type === 'dn' || type === 'otherName' ? hex(name.value) : LATIN1.decode(name.value),
      };
    });
    into.subjectAltName = { names, critical };
  },
  [EXTENSION.subjectKeyIdentifier]: (value, _critical, into, notes) => {
    into.subjectKeyId = hex(expectTag(readRoot(value, notes), TAG.octetString).value);
  },
  [EXTENSION.authorityKeyIdentifier]: (value, _critical, into, notes) => {
    const fields = children(expectTag(readRoot(value, notes), TAG.sequence), notes);
    const keyIdentifier = fields.find((field) => field.tag === contextTag(0, false));
    if (keyIdentifier) into.authorityKeyId = hex(keyIdentifier.value);
    const issuer = fields.find((field) => field.tag === contextTag(1, true));
    const serial = fields.find((field) => field.tag === contextTag(2, false));
    if (issuer || serial) into.authorityCertSerial = serial ? hex(serial.value) : '';
  },
};

export function dnsNamesOf(decoded: DecodedExtensions): string[] {
  return (decoded.subjectAltName?.names ?? [])
    .filter((name) => name.type === 'dns')
    .map((name) => name.value);
}

/** Bits of the key usage extension: bit n of the BIT STRING as 1 << n. */
export const KEY_USAGE = {
  digitalSignature: 1,
  nonRepudiation: 2,
  keyEncipherment: 4,
  dataEncipherment: 8,
  keyAgreement: 16,
  keyCertSign: 32,
  cRLSign: 64,
  encipherOnly: 128,
  decipherOnly: 256,
} as const;

/** Decodes `value` into `into` when the extension is one the lints read; throws DerError when malformed. */
export function decodeExtension(
  type: string,
  value: Uint8Array,
  critical: boolean,
  into: DecodedExtensions,
  notes: DerNotes,
): void {
  DECODERS[type]?.(value, critical, into, notes);
}
