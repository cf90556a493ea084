/** OpenSSL's names (objects.txt) for what `-extfile` accepts; lookups are case-sensitive, as in OpenSSL. */

export const EXTENSION_OIDS: Record<string, string> = {
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
};

const EXTENSION_NAMES: Record<string, string> = Object.fromEntries(
  Object.entries(EXTENSION_OIDS).map(([name, oid]) => [oid, name]),
);

/** keyUsage bits: [short name, long name], index = bit in @peculiar/x509's KeyUsageFlags (1 << index). */
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

export function isNumericOid(text: string): boolean {
  return /^[0-2](\.(0|[1-9]\d*))+$/.test(text);
}

/** The name OpenSSL prints for an EKU purpose, or its OID. */
export function ekuName(oid: string): string {
  return EKU_NAMES[oid]?.[0] ?? oid;
}

export function extensionName(oid: string): string {
  return EXTENSION_NAMES[oid] ?? oid;
}

/** For an unknown name, the one it differs from only in case, so a message can say what to write. */
export function sameButCase(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  for (const candidate of candidates) if (candidate.toLowerCase() === lower) return candidate;
  return undefined;
}
