import type { RuleInfo, Severity } from '../findings.js';

function rule(id: string, severity: Severity, summary: string): RuleInfo {
  return { id, severity, summary };
}

/** Every rule this module emits, by topic; IDs follow cert-validation.md §1.3. */
export const RULES = {
  // input files
  inputTooLarge: rule('input.too_large', 'error', 'The file is larger than 1 MiB and is not read.'),
  inputDer: rule('input.der', 'error', 'The certificate is DER; Cloudflare and the manifest want PEM.'),
  inputSingleCert: rule(
    'input.single_cert',
    'error',
    'The file holds exactly one PEM CERTIFICATE block that decodes.',
  ),
  inputPrivateKey: rule('input.private_key', 'error', 'A certificate file contains a private key.'),

  // structure and encoding
  versionV3: rule('version.v3', 'error', 'The certificate is X.509 version 3.'),
  serialValid: rule(
    'serial.valid',
    'error',
    'The serial number is positive, at most 20 octets and minimally encoded.',
  ),
  serialEntropy: rule('serial.entropy', 'warning', 'The serial number has at least 64 bits.'),
  sigHash: rule(
    'sig.hash',
    'error',
    'The signature uses SHA-256/384/512 (RSA, RSA-PSS, ECDSA) or Ed25519, the same inside and outside the signed data.',
  ),
  extNoDupes: rule(
    'ext.no_dupes_no_unknown_critical',
    'error',
    'No extension appears twice; no critical extension OpenSSL does not know; key identifiers not critical.',
  ),
  extMalformed: rule('ext.malformed', 'error', 'Every extension value parses.'),
  subjectNonempty: rule(
    'subject.nonempty',
    'error',
    'The subject (or a critical subjectAltName) and the issuer are not empty.',
  ),
  subjectEncoding: rule(
    'subject.encoding',
    'warning',
    'Subject strings are PrintableString/UTF8String, without control characters or outer spaces; CN at most 64.',
  ),
  derStrict: rule(
    'der.strict',
    'warning',
    'The certificate is strict DER (re-encoding it gives the same bytes).',
  ),

  // leaf, not CA
  leafNotCa: rule(
    'leaf.not_ca',
    'error',
    'The certificate is a leaf: no CA:TRUE, keyCertSign, cRLSign or pathlen.',
  ),
  bcPresent: rule(
    'bc.present',
    'warning',
    'basicConstraints=CA:FALSE is present, as the Cloudflare recipe asks.',
  ),

  // key usage and extended key usage
  ekuClientAuth: rule(
    'eku.client_auth',
    'error',
    'An extended key usage, when present, includes clientAuth.',
  ),
  ekuPresentExplicit: rule(
    'eku.present_explicit',
    'warning',
    'The extended key usage is present and is exactly clientAuth.',
  ),
  kuSigning: rule(
    'ku.signing',
    'error',
    'A key usage, when present, has digitalSignature (or keyAgreement on EC) and only bits that fit the key type.',
  ),
  kuPresentCriticalMinimal: rule(
    'ku.present_critical_minimal',
    'warning',
    'The key usage is present, critical, and no more than a client certificate needs.',
  ),

  // public key
  keyStrength: rule(
    'key.strength',
    'error',
    'RSA of at least 2048 bits with a sane exponent, or EC on P-256/384/521.',
  ),
  keyAlgorithmUnverified: rule(
    'key.algorithm_unverified',
    'notice',
    'Ed25519 and RSA-PSS keys parse, but Cloudflare does not document them for origin pulls.',
  ),

  // identifiers and names
  akiPresent: rule('aki.present', 'warning', 'An authority key identifier with a keyIdentifier is present.'),
  skiPresent: rule(
    'ski.present',
    'warning',
    'A subject key identifier is present and is the SHA-1 hash of the key.',
  ),
  sanWellformed: rule(
    'san.wellformed',
    'error',
    'A subjectAltName, when present, has entries and each is well formed.',
  ),
  sanDuplicate: rule('san.duplicate', 'notice', 'No subjectAltName entry is repeated.'),
  subjectHostname: rule(
    'subject.hostname',
    'warning',
    'The common name or a DNS subjectAltName names a hostname the certificate is mapped to.',
  ),
  issuerPublicCa: rule(
    'issuer.public_ca',
    'warning',
    'The certificate is not from a public CA (they are ending clientAuth).',
  ),

  // validity
  validityWindow: rule(
    'validity.window',
    'error',
    'notBefore < notAfter, and now is inside that window (a warning for an unchanged certificate).',
  ),
  validityMinRemaining: rule(
    'validity.min_remaining',
    'error',
    'At least fail-days left before expiry (a warning for an unchanged certificate).',
  ),
  expiryWarn: rule('expiry.warn', 'warning', 'Fewer than warn-days left before expiry.'),
  validityMax: rule(
    'validity.max',
    'warning',
    'The validity is at most 825 days, and the leaf does not outlive its CA.',
  ),

  // issuance
  chainIssuedByCa: rule(
    'chain.issued_by_ca',
    'error',
    'Signed by a CA in origin-ca (signature, issuer name, key identifier), up to a root in the file.',
  ),
  chainCaEku: rule(
    'chain.ca_eku',
    'error',
    'Every CA on the path to the root allows clientAuth in its EKU (or has none).',
  ),
  chainCaValid: rule(
    'chain.ca_valid',
    'error',
    'Every CA on the path to the root is inside its validity window.',
  ),

  // private key
  keyPresentAndMatches: rule(
    'key.present_and_matches',
    'error',
    'The given private key parses, decrypts and matches the certificate.',
  ),
  keyCommittedPlaintext: rule(
    'key.committed_plaintext',
    'error',
    'A committed key file is encrypted (a plaintext key is a leaked secret).',
  ),
  keyLegacyEncryption: rule(
    'key.legacy_encryption',
    'error',
    'A committed key is PKCS#8 with PBES2, not the legacy Proc-Type: 4,ENCRYPTED or PKCS#5 v1.5 forms.',
  ),
  keyEmptyVariable: rule(
    'key.empty_variable',
    'warning',
    'The named private-key variable is empty (a misnamed secret?).',
  ),
  keyAbsentOnFork: rule(
    'key.absent_on_fork',
    'notice',
    "The key was not checked: a fork's pull request gets no secrets.",
  ),
  keyPemHygiene: rule(
    'key.pem_hygiene',
    'warning',
    'The key PEM has no EC PARAMETERS block, BOM, CRLF or over-long lines.',
  ),

  // manifest entry
  ignoreUnknownRule: rule(
    'ignore.unknown_rule',
    'error',
    "Every rule ID in a certificate's `ignore:` list exists.",
  ),

  // origin-ca file
  caDecode: rule(
    'ca.decode',
    'error',
    'Every CERTIFICATE block in the origin-ca file is an X.509 certificate.',
  ),
  caHygiene: rule(
    'ca.hygiene',
    'warning',
    'Each origin CA is a CA with a critical CA:TRUE, a critical keyUsage with keyCertSign, and a subject key identifier.',
  ),
} satisfies Record<string, RuleInfo>;
