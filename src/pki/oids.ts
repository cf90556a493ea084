/** Object identifiers the lints name; kept together so each appears once. */
export const EKU = {
  clientAuth: '1.3.6.1.5.5.7.3.2',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  any: '2.5.29.37.0',
} as const;

export const EXTENSION = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extendedKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
  netscapeCertType: '2.16.840.1.113730.1.1',
  ipAddrBlocks: '1.3.6.1.5.5.7.1.7',
  autonomousSysIds: '1.3.6.1.5.5.7.1.8',
  proxyCertInfo: '1.3.6.1.5.5.7.1.14',
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
