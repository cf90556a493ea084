/** Reads a certificate's extension back into the same shape the extension file declares. */
import 'reflect-metadata';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectAlternativeName } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import type { DeclaredValue, SanEntry } from './types.js';

const hex = (data: ArrayBuffer): string => Buffer.from(data).toString('hex');

export async function observe(extension: x509.Extension, cert: x509.X509Certificate): Promise<DeclaredValue> {
  if (extension instanceof x509.BasicConstraintsExtension) {
    return extension.pathLength === undefined
      ? { kind: 'basicConstraints', ca: extension.ca }
      : { kind: 'basicConstraints', ca: extension.ca, pathLength: extension.pathLength };
  }
  if (extension instanceof x509.KeyUsagesExtension) return { kind: 'keyUsage', usages: extension.usages };
  if (extension instanceof x509.ExtendedKeyUsageExtension) {
    return { kind: 'extendedKeyUsage', oids: extension.usages.map(String) };
  }
  if (extension.type === '2.5.29.17') {
    return { kind: 'subjectAltName', names: sanEntries(extension.value), copyEmail: false, moveEmail: false };
  }
  if (extension instanceof x509.SubjectKeyIdentifierExtension) {
    const hash = hex(await cert.publicKey.getKeyIdentifier());
    return extension.keyId.toLowerCase() === hash
      ? { kind: 'subjectKeyIdentifier', method: 'hash' }
      : { kind: 'subjectKeyIdentifier', method: 'hex', hex: extension.keyId.toLowerCase() };
  }
  if (extension instanceof x509.AuthorityKeyIdentifierExtension) {
    const keyid = extension.keyId !== undefined;
    const issuer = extension.certId !== undefined;
    return {
      kind: 'authorityKeyIdentifier',
      none: false,
      keyid: keyid ? 'yes' : 'no',
      issuer: issuer ? (keyid ? 'always' : 'yes') : 'no',
    };
  }
  return { kind: 'der', hex: hex(extension.value) };
}

function sanEntries(value: ArrayBuffer): SanEntry[] {
  return AsnConvert.parse(value, SubjectAlternativeName).map((name): SanEntry => {
    if (name.dNSName !== undefined) return { type: 'dns', value: name.dNSName };
    if (name.iPAddress !== undefined) return { type: 'ip', value: name.iPAddress };
    if (name.rfc822Name !== undefined) return { type: 'email', value: name.rfc822Name };
    if (name.uniformResourceIdentifier !== undefined)
      return { type: 'url', value: name.uniformResourceIdentifier };
    if (name.registeredID !== undefined) return { type: 'id', value: name.registeredID };
    if (name.directoryName !== undefined) return { type: 'dn', value: '' };
    return { type: 'otherName', value: '' };
  });
}
