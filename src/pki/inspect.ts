/** Certificate → the facts the report needs and the parsed pieces the lints read, parsed once. */
import { createPublicKey, hash, type KeyObject } from 'node:crypto';
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
  readTime,
  TAG,
  type DerNotes,
  type Tlv,
} from './der.js';
import { decodeExtension, type DecodedExtensions } from './extensions.js';
import { describePublicKey, type KeyFacts } from './key-facts.js';
import { formatName, readName, type NameAttribute } from './distinguished-name.js';
import { decodePemText } from './pem.js';

export interface AlgorithmIdentifier {
  oid: string;
  parameters?: Tlv;
  /** The whole DER encoding, to compare two identifiers. */
  bytes: Uint8Array;
}

export interface ExtensionEntry {
  type: string;
  critical: boolean;
  /** The extnValue's content octets (a view into the certificate). */
  value: Uint8Array;
}

export interface InspectedCertificate extends DecodedExtensions {
  der: Uint8Array;
  /** 1, 2 or 3. */
  version: number;
  /** The INTEGER's content octets as encoded. */
  serialBytes: Uint8Array;
  /** Lowercase hex without leading zero octets, as OpenSSL prints it. */
  serialNumber: string;
  /** The signed bytes (the DER TBSCertificate), the algorithm outside and inside them, and the signature. */
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmIdentifier;
  tbsSignatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
  subject: string;
  issuer: string;
  subjectAttributes: NameAttribute[];
  issuerAttributes: NameAttribute[];
  /** DER of the subject and issuer names, for byte-equal comparison. */
  subjectNameDer: Uint8Array;
  issuerNameDer: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** DER SubjectPublicKeyInfo, and the key bits inside it (for the RFC 5280 key identifier). */
  spki: Uint8Array;
  subjectPublicKey: Uint8Array;
  key: KeyFacts;
  sha256: string;
  extensions: ExtensionEntry[];
  /** OIDs of extensions whose value does not parse. */
  malformedExtensions: string[];
  /** Deviations from DER (BER lengths, explicit DEFAULT values, ...). */
  derNotes: DerNotes;
}

export const DAY_MS = 86_400_000;

export function readAlgorithm(tlv: Tlv | undefined, notes: DerNotes): AlgorithmIdentifier {
  const [oid, parameters] = children(expectTag(tlv, TAG.sequence), notes);
  const algorithm: AlgorithmIdentifier = { oid: readOid(oid!), bytes: tlv!.bytes };
  if (parameters) algorithm.parameters = parameters;
  return algorithm;
}

/** Parses one DER certificate; undefined when it is not an X.509 certificate. */
export function inspectCertificate(der: Uint8Array): InspectedCertificate | undefined {
  try {
    return parseCertificate(der);
  } catch {
    // The bytes come from a repository: whatever stops the parser, they are not a certificate it can read.
    return undefined;
  }
}

function parseCertificate(der: Uint8Array): InspectedCertificate {
  const notes: DerNotes = [];
  const [tbsTlv, outerAlgorithm, signatureTlv, ...extra] = children(
    expectTag(readRoot(der, notes), TAG.sequence),
    notes,
  );
  if (extra.length > 0) throw new DerError('unexpected fields');
  const fields = children(expectTag(tbsTlv, TAG.sequence), notes);
  let next = 0;
  let version = 1;
  if (fields[0]?.tag === contextTag(0, true)) {
    version = readSmallInteger(children(fields[0], notes)[0]!) + 1;
    if (version === 1) notes.push('an explicit version 1 (the DEFAULT)');
    next = 1;
  }
  const serialBytes = expectTag(fields[next], TAG.integer).value;
  const tbsSignatureAlgorithm = readAlgorithm(fields[next + 1], notes);
  const issuerTlv = expectTag(fields[next + 2], TAG.sequence);
  const [notBefore, notAfter] = children(expectTag(fields[next + 3], TAG.sequence), notes).map(readTime);
  const subjectTlv = expectTag(fields[next + 4], TAG.sequence);
  const spkiTlv = expectTag(fields[next + 5], TAG.sequence);
  const extensionsTlv = fields.slice(next + 6).find((field) => field.tag === contextTag(3, true));
  const issuerAttributes = readName(issuerTlv, notes);
  const subjectAttributes = readName(subjectTlv, notes);
  const [, subjectPublicKeyTlv] = children(spkiTlv, notes);
  const decoded: DecodedExtensions = {};
  const extensions: ExtensionEntry[] = [];
  const malformedExtensions: string[] = [];
  for (const extension of extensionsTlv
    ? children(expectTag(children(extensionsTlv, notes)[0], TAG.sequence), notes)
    : []) {
    const [oidTlv, second, third] = children(expectTag(extension, TAG.sequence), notes);
    const type = readOid(oidTlv!);
    const hasCritical = second?.tag === TAG.boolean;
    const critical = hasCritical ? readBoolean(second!, notes) : false;
    if (hasCritical && !critical) notes.push('an explicit critical FALSE (the DEFAULT)');
    const value = expectTag(hasCritical ? third : second, TAG.octetString).value;
    extensions.push({ type, critical, value });
    try {
      decodeExtension(type, value, critical, decoded, notes);
    } catch (error) {
      if (!(error instanceof DerError || error instanceof RangeError)) throw error;
      malformedExtensions.push(type);
    }
  }
  return {
    der,
    version,
    serialBytes,
    serialNumber: serialHex(serialBytes),
    tbs: tbsTlv!.bytes,
    signatureAlgorithm: readAlgorithm(outerAlgorithm, notes),
    tbsSignatureAlgorithm,
    signature: readBitString(signatureTlv!).bits,
    subject: formatName(subjectAttributes),
    issuer: formatName(issuerAttributes),
    subjectAttributes,
    issuerAttributes,
    subjectNameDer: subjectTlv.bytes,
    issuerNameDer: issuerTlv.bytes,
    notBefore: notBefore!,
    notAfter: notAfter!,
    spki: spkiTlv.bytes,
    subjectPublicKey: readBitString(subjectPublicKeyTlv!).bits,
    key: describePublicKey(spkiTlv, notes),
    sha256: hash('sha256', der),
    extensions,
    malformedExtensions,
    derNotes: notes,
    ...decoded,
  };
}

function serialHex(bytes: Uint8Array): string {
  const first = bytes.findIndex((byte) => byte !== 0);
  return first < 0 ? '00' : hex(bytes.subarray(first));
}

/** The first certificate of a PEM text (Cloudflare's answers, a test's file), parsed; undefined when none parses. */
export function certificateFromPem(pem: string): InspectedCertificate | undefined {
  const block = decodePemText(pem).blocks.find((candidate) => candidate.label === 'CERTIFICATE');
  return block?.der && inspectCertificate(block.der);
}

/** The certificate's public key in node:crypto; undefined when OpenSSL cannot load it. */
export function loadPublicKey(certificate: InspectedCertificate): KeyObject | undefined {
  try {
    return createPublicKey({ key: Buffer.from(certificate.spki), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

export function daysLeft(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}
