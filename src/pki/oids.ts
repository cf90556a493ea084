/**
 * Object identifiers, kept together so each appears once: OpenSSL's names for them (objects.txt,
 * what an extension file may write) and the subsets the lints name.
 */

/** OpenSSL's names for the extensions `-extfile` accepts; lookups are case-sensitive, as in OpenSSL. */
const OPENSSL_EXTENSIONS = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  crlDistributionPoints: '2.5.29.31',
  freshestCRL: '2.5.29.46',
  certificatePolicies: '2.5.29.32',
  policyConstraints: '2.5.29.36',
  policyMappings: '2.5.29.33',
  inhibitAnyPolicy: '2.5.29.54',
  nameConstraints: '2.5.29.30',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
  proxyCertInfo: '1.3.6.1.5.5.7.1.14',
  tlsfeature: '1.3.6.1.5.5.7.1.24',
  noCheck: '1.3.6.1.5.5.7.48.1.5',
  'sbgp-ipAddrBlock': '1.3.6.1.5.5.7.1.7',
  'sbgp-autonomousSysNum': '1.3.6.1.5.5.7.1.8',
  nsCertType: '2.16.840.1.113730.1.1',
  nsBaseUrl: '2.16.840.1.113730.1.2',
  nsRevocationUrl: '2.16.840.1.113730.1.3',
  nsCaRevocationUrl: '2.16.840.1.113730.1.4',
  nsRenewalUrl: '2.16.840.1.113730.1.7',
  nsCaPolicyUrl: '2.16.840.1.113730.1.8',
  nsSslServerName: '2.16.840.1.113730.1.12',
  nsComment: '2.16.840.1.113730.1.13',
} as const;

export const EXTENSION_OIDS: Record<string, string> = OPENSSL_EXTENSIONS;

/** keyUsage bits: [short name, long name], index = bit n of the BIT STRING (flag 1 << n). */
export const KEY_USAGE_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['digitalSignature', 'Digital Signature'],
  ['nonRepudiation', 'Non Repudiation'],
  ['keyEncipherment', 'Key Encipherment'],
  ['dataEncipherment', 'Data Encipherment'],
  ['keyAgreement', 'Key Agreement'],
  ['keyCertSign', 'Certificate Sign'],
  ['cRLSign', 'CRL Sign'],
  ['encipherOnly', 'Encipher Only'],
  ['decipherOnly', 'Decipher Only'],
];

/** extendedKeyUsage purposes: OID → [short name, long name]. */
export const EKU_NAMES: Record<string, readonly [string, string]> = {
  '1.3.6.1.5.5.7.3.1': ['serverAuth', 'TLS Web Server Authentication'],
  '1.3.6.1.5.5.7.3.2': ['clientAuth', 'TLS Web Client Authentication'],
  '1.3.6.1.5.5.7.3.3': ['codeSigning', 'Code Signing'],
  '1.3.6.1.5.5.7.3.4': ['emailProtection', 'E-mail Protection'],
  '1.3.6.1.5.5.7.3.5': ['ipsecEndSystem', 'IPSec End System'],
  '1.3.6.1.5.5.7.3.6': ['ipsecTunnel', 'IPSec Tunnel'],
  '1.3.6.1.5.5.7.3.7': ['ipsecUser', 'IPSec User'],
  '1.3.6.1.5.5.7.3.8': ['timeStamping', 'Time Stamping'],
  '1.3.6.1.5.5.7.3.9': ['OCSPSigning', 'OCSP Signing'],
  '1.3.6.1.5.5.7.3.17': ['ipsecIKE', 'ipsec Internet Key Exchange'],
  '1.3.6.1.4.1.311.2.1.21': ['msCodeInd', 'Microsoft Individual Code Signing'],
  '1.3.6.1.4.1.311.2.1.22': ['msCodeCom', 'Microsoft Commercial Code Signing'],
  '1.3.6.1.4.1.311.10.3.1': ['msCTLSign', 'Microsoft Trust List Signing'],
  '1.3.6.1.4.1.311.10.3.3': ['msSGC', 'Microsoft Server Gated Crypto'],
  '1.3.6.1.4.1.311.10.3.4': ['msEFS', 'Microsoft Encrypted File System'],
  '1.3.6.1.4.1.311.20.2.2': ['msSmartcardLogin', 'Microsoft Smartcard Login'],
  '2.16.840.1.113730.4.1': ['nsSGC', 'Netscape Server Gated Crypto'],
  '2.5.29.37.0': ['anyExtendedKeyUsage', 'Any Extended Key Usage'],
};

/** Distinguished-name attributes compared outside the name formatter. */
export const ATTRIBUTE = {
  emailAddress: '1.2.840.113549.1.9.1',
} as const;

export const EKU = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  any: '2.5.29.37.0',
} as const;

export const EXTENSION = {
  subjectKeyIdentifier: OPENSSL_EXTENSIONS.subjectKeyIdentifier,
  keyUsage: OPENSSL_EXTENSIONS.keyUsage,
  subjectAltName: OPENSSL_EXTENSIONS.subjectAltName,
  basicConstraints: OPENSSL_EXTENSIONS.basicConstraints,
  nameConstraints: OPENSSL_EXTENSIONS.nameConstraints,
  certificatePolicies: OPENSSL_EXTENSIONS.certificatePolicies,
  policyMappings: OPENSSL_EXTENSIONS.policyMappings,
  authorityKeyIdentifier: OPENSSL_EXTENSIONS.authorityKeyIdentifier,
  policyConstraints: OPENSSL_EXTENSIONS.policyConstraints,
  extendedKeyUsage: OPENSSL_EXTENSIONS.extendedKeyUsage,
  inhibitAnyPolicy: OPENSSL_EXTENSIONS.inhibitAnyPolicy,
  netscapeCertType: OPENSSL_EXTENSIONS.nsCertType,
  ipAddrBlocks: OPENSSL_EXTENSIONS['sbgp-ipAddrBlock'],
  autonomousSysIds: OPENSSL_EXTENSIONS['sbgp-autonomousSysNum'],
  proxyCertInfo: OPENSSL_EXTENSIONS.proxyCertInfo,
  /** Certificate Transparency SCT list: only publicly trusted CAs embed it. */
  signedCertificateTimestamps: '1.3.6.1.4.1.11129.2.4.2',
} as const;

/** Extensions OpenSSL understands when critical (`X509_supported_extension`); any other critical one fails verification. */
export const OPENSSL_SUPPORTED_CRITICAL: ReadonlySet<string> = new Set([
  EXTENSION.netscapeCertType,
  EXTENSION.keyUsage,
  EXTENSION.subjectAltName,
  EXTENSION.basicConstraints,
  EXTENSION.certificatePolicies,
  EXTENSION.extendedKeyUsage,
  EXTENSION.policyConstraints,
  EXTENSION.nameConstraints,
  EXTENSION.policyMappings,
  EXTENSION.inhibitAnyPolicy,
  EXTENSION.proxyCertInfo,
  EXTENSION.ipAddrBlocks,
  EXTENSION.autonomousSysIds,
]);

export const SIGNATURE = {
  rsaPss: '1.2.840.113549.1.1.10',
} as const;

/** Signature algorithms accepted as they are (RSA-PSS is accepted by its hash, see sig lints). */
export const STRONG_SIGNATURES: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
};

export const WEAK_SIGNATURES: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
};

export const STRONG_HASHES: ReadonlySet<string> = new Set([
  '2.16.840.1.101.3.4.2.1',
  '2.16.840.1.101.3.4.2.2',
  '2.16.840.1.101.3.4.2.3',
]);
