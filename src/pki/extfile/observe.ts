/** Reads a certificate's extension back into the same shape the extension file declares. */
import { createHash } from 'node:crypto';
import { hex } from '../der.js';
import type { SanEntry as DecodedSanEntry } from '../extensions.js';
import type { ExtensionEntry, InspectedCertificate } from '../inspect.js';
import { EXTENSION } from '../oids.js';
import type { DeclaredValue, SanEntry } from './types.js';

export function observe(extension: ExtensionEntry, cert: InspectedCertificate): DeclaredValue {
  // A value the strict reader could not decode is compared as bytes, as a `DER:` line would be.
  if (cert.malformedExtensions.includes(extension.type)) return { kind: 'der', hex: hex(extension.value) };
  switch (extension.type) {
    case EXTENSION.basicConstraints: {
      const { ca, pathLength } = cert.basicConstraints!;
      return pathLength === undefined
        ? { kind: 'basicConstraints', ca }
        : { kind: 'basicConstraints', ca, pathLength };
    }
    case EXTENSION.keyUsage:
      return { kind: 'keyUsage', usages: cert.keyUsage!.usages };
    case EXTENSION.extendedKeyUsage:
      return { kind: 'extendedKeyUsage', oids: [...cert.extendedKeyUsage!.usages] };
    case EXTENSION.subjectAltName:
      return {
        kind: 'subjectAltName',
        names: cert.subjectAltName!.names.map(sanEntry),
        copyEmail: false,
        moveEmail: false,
      };
    case EXTENSION.subjectKeyIdentifier: {
      const hash = createHash('sha1').update(cert.subjectPublicKey).digest('hex');
      return cert.subjectKeyId === hash
        ? { kind: 'subjectKeyIdentifier', method: 'hash' }
        : { kind: 'subjectKeyIdentifier', method: 'hex', hex: cert.subjectKeyId ?? '' };
    }
    case EXTENSION.authorityKeyIdentifier: {
      const keyid = cert.authorityKeyId !== undefined;
      const issuer = cert.authorityCertSerial !== undefined;
      return {
        kind: 'authorityKeyIdentifier',
        none: false,
        keyid: keyid ? 'yes' : 'no',
        issuer: issuer ? (keyid ? 'always' : 'yes') : 'no',
      };
    }
    default:
      return { kind: 'der', hex: hex(extension.value) };
  }
}

/** Directory names and other names are shown by kind only; IPv6 addresses in their short form. */
function sanEntry(name: DecodedSanEntry): SanEntry {
  const type = name.type as SanEntry['type'];
  if (type === 'dn' || type === 'otherName') return { type, value: '' };
  if (type === 'ip' && name.value.includes(':')) return { type, value: compressIpv6(name.value) };
  return { type, value: name.value };
}

/** `0:0:0:0:0:0:0:1` → `::1`: the longest run of two or more zero groups becomes `::`. */
function compressIpv6(text: string): string {
  const groups = text.split(':');
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < groups.length; start += 1) {
    let length = 0;
    while (groups[start + length] === '0') length += 1;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  if (bestStart < 0) return text;
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}
