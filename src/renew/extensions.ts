/**
 * The successor's extensions: what the committed `cert.v3.ext` declares, built from the
 * project's own reading of that file (so it agrees with the extension-file check by
 * construction), plus the key identifiers `openssl x509 -req` adds by itself. Without an
 * extension file, the old leaf's own extensions are kept.
 */
import { createHash } from 'node:crypto';
import {
  children,
  contextTag,
  expectTag,
  readBoolean,
  readOid,
  readRoot,
  TAG,
  type Tlv,
} from '../pki/der.js';
import { decodeExtension, type DecodedExtensions } from '../pki/extensions.js';
import type { InspectedCertificate } from '../pki/inspect.js';
import { ipBytes } from '../pki/ip.js';
import { EXTENSION } from '../pki/oids.js';
import type { DeclaredExtension, ParsedExtFile, SanEntry } from '../pki/extfile/index.js';
import {
  boolean,
  explicit,
  implicit,
  namedBits,
  octetString,
  oid,
  oidContent,
  sequence,
  smallInteger,
  tlv,
} from './der-writer.js';

export interface ExtensionValue {
  oid: string;
  critical: boolean;
  /** The DER inside the extension's OCTET STRING. */
  value: Uint8Array;
}

/** Why an extension cannot be rebuilt; the caller names the file and the certificate. */
export class ExtensionBuildError extends Error {
  override readonly name = 'ExtensionBuildError';
}

const EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

export interface ExtensionSources {
  /** The parsed extension file, when the manifest names one. */
  extFile?: ParsedExtFile;
  oldLeaf: InspectedCertificate;
  ca: InspectedCertificate;
  /** The successor's subjectPublicKey bits (for the SHA-1 key identifier). */
  subjectPublicKey: Uint8Array;
}

/** The raw extensions of a certificate, in order. */
export function rawExtensions(certificate: InspectedCertificate): ExtensionValue[] {
  const notes: string[] = [];
  const fields = children(expectTag(readRoot(certificate.tbs, notes), TAG.sequence), notes);
  const holder = fields.find((field) => field.tag === contextTag(3, true));
  if (!holder) return [];
  return children(expectTag(children(holder, notes)[0], TAG.sequence), notes).map((extension) => {
    const [oidTlv, second, third] = children(extension, notes);
    const hasCritical = second?.tag === TAG.boolean;
    return {
      oid: readOid(oidTlv!),
      critical: hasCritical ? readBoolean(second!, notes) : false,
      value: Uint8Array.from(expectTag((hasCritical ? third : second) as Tlv, TAG.octetString).value),
    };
  });
}

const sha1 = (bytes: Uint8Array) => new Uint8Array(createHash('sha1').update(bytes).digest());

function caKeyId(ca: InspectedCertificate): Uint8Array {
  return ca.subjectKeyId ? Buffer.from(ca.subjectKeyId, 'hex') : sha1(ca.subjectPublicKey);
}

function generalName(entry: SanEntry): Uint8Array | undefined {
  switch (entry.type) {
    case 'email':
      return implicit(1, Buffer.from(entry.value, 'latin1'));
    case 'dns':
      return implicit(2, Buffer.from(entry.value, 'latin1'));
    case 'url':
      return implicit(6, Buffer.from(entry.value, 'latin1'));
    case 'ip': {
      const bytes = ipBytes(entry.value);
      return bytes && implicit(7, bytes);
    }
    case 'id':
      return implicit(8, oidContent(entry.value));
    default:
      return undefined;
  }
}

function subjectEmails(leaf: InspectedCertificate): SanEntry[] {
  return leaf.subjectAttributes
    .filter((attribute) => attribute.type === EMAIL_ADDRESS && attribute.text !== undefined)
    .map((attribute) => ({ type: 'email', value: attribute.text! }));
}

function sameNames(a: Uint8Array, b: Uint8Array): boolean {
  const names = (value: Uint8Array) => {
    const decoded: DecodedExtensions = {};
    decodeExtension(EXTENSION.subjectAltName, value, false, decoded, []);
    return (decoded.subjectAltName?.names ?? []).map((name) => `${name.type}:${name.value}`).sort();
  };
  return JSON.stringify(names(a)) === JSON.stringify(names(b));
}

/** One declared extension's DER, or undefined when it declares absence. */
function declaredValue(declared: DeclaredExtension, sources: ExtensionSources): Uint8Array | undefined {
  const { value } = declared;
  const oldValue = () => {
    const found = rawExtensions(sources.oldLeaf).find((extension) => extension.oid === declared.oid);
    if (!found) {
      throw new ExtensionBuildError(
        `line ${declared.line} declares ${declared.name} in a form aop-certs does not rebuild, and the current certificate has no such extension to carry over`,
      );
    }
    return found.value;
  };
  switch (value.kind) {
    case 'basicConstraints':
      return sequence(
        ...(value.ca ? [boolean(true)] : []),
        ...(value.pathLength === undefined ? [] : [smallInteger(value.pathLength)]),
      );
    case 'keyUsage':
      return namedBits(value.usages);
    case 'extendedKeyUsage':
      return sequence(...value.oids.map(oid));
    case 'subjectAltName': {
      if (value.moveEmail || value.names.some((entry) => generalName(entry) === undefined)) return oldValue();
      const names = [...value.names, ...(value.copyEmail ? subjectEmails(sources.oldLeaf) : [])];
      const built = sequence(...names.map((entry) => generalName(entry)!));
      // `email:copy` puts the subject's addresses where it stands in the list, which the parsed
      // file does not keep: when the old leaf holds the same names, its order is openssl's.
      const carried = rawExtensions(sources.oldLeaf).find((extension) => extension.oid === declared.oid);
      return value.copyEmail && carried && sameNames(carried.value, built) ? carried.value : built;
    }
    case 'subjectKeyIdentifier':
      if (value.method === 'none') return undefined;
      return octetString(
        value.method === 'hex' ? Buffer.from(value.hex ?? '', 'hex') : sha1(sources.subjectPublicKey),
      );
    case 'authorityKeyIdentifier':
      return value.none ? undefined : authorityKeyIdentifier(value.keyid !== 'no', value.issuer, sources.ca);
    case 'der':
      return Buffer.from(value.hex, 'hex');
    case 'opaque':
      return oldValue();
  }
}

/**
 * As OpenSSL 3 writes it: the CA's key identifier when asked for, and its issuer name and serial
 * with `issuer:always`, or with `issuer` when no key identifier was written.
 */
function authorityKeyIdentifier(
  keyid: boolean,
  issuer: 'no' | 'yes' | 'always',
  ca: InspectedCertificate,
): Uint8Array {
  const parts: Uint8Array[] = [];
  if (keyid) parts.push(implicit(0, caKeyId(ca)));
  if (issuer === 'always' || (issuer === 'yes' && !keyid)) {
    parts.push(tlv(contextTag(1, true), explicit(4, ca.issuerNameDer)));
    parts.push(implicit(2, ca.serialBytes));
  }
  return sequence(...parts);
}

export function buildExtensions(sources: ExtensionSources): ExtensionValue[] {
  const { extFile, oldLeaf, ca, subjectPublicKey } = sources;
  if (!extFile) {
    // No file: the old leaf's extensions, with the key identifiers recomputed for the new key and CA.
    return rawExtensions(oldLeaf).map((extension) => {
      if (extension.oid === EXTENSION.subjectKeyIdentifier)
        return { ...extension, value: octetString(sha1(subjectPublicKey)) };
      if (extension.oid === EXTENSION.authorityKeyIdentifier)
        return { ...extension, value: authorityKeyIdentifier(true, 'no', ca) };
      return extension;
    });
  }
  const problems = extFile.findings.filter((finding) => finding.severity === 'error');
  if (problems.length > 0 || extFile.section === null) {
    throw new ExtensionBuildError(
      `it has ${problems.length || 1} error(s) of its own (${problems[0]?.message ?? 'no extension section'})`,
    );
  }
  const built: ExtensionValue[] = [];
  for (const declared of extFile.extensions) {
    const value = declaredValue(declared, sources);
    if (value) built.push({ oid: declared.oid, critical: declared.critical, value });
  }
  // `openssl x509 -req -extfile` (OpenSSL 3) adds both identifiers unless the file says `none`.
  if (built.length > 0) {
    const declares = (id: string) => extFile.extensions.some((declared) => declared.oid === id);
    if (!declares(EXTENSION.subjectKeyIdentifier))
      built.push({
        oid: EXTENSION.subjectKeyIdentifier,
        critical: false,
        value: octetString(sha1(subjectPublicKey)),
      });
    if (!declares(EXTENSION.authorityKeyIdentifier))
      built.push({
        oid: EXTENSION.authorityKeyIdentifier,
        critical: false,
        value: authorityKeyIdentifier(true, 'no', ca),
      });
  }
  return built;
}

export function encodeExtensions(extensions: ExtensionValue[]): Uint8Array {
  return sequence(
    ...extensions.map((extension) =>
      sequence(
        oid(extension.oid),
        ...(extension.critical ? [boolean(true)] : []),
        octetString(extension.value),
      ),
    ),
  );
}
