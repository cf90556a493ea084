/** Every rule the offline certificate checks emit, by topic; IDs follow cert-validation.md §1.3. */
import { defineRule } from '../findings.js';

/** A lint about one certificate's own content: its `ignore:` list may name it. */
const LINT = { suppressible: true } as const;

export const RULES = {
  // input files
  inputTooLarge: defineRule(
    'input.too_large',
    'error',
    'The file is larger than 1 MiB, so it is not read.',
    LINT,
  ),
  inputDer: defineRule(
    'input.der',
    'error',
    'The certificate file is DER; Cloudflare and the manifest want PEM.',
    LINT,
  ),
  inputSingleCert: defineRule(
    'input.single_cert',
    'error',
    'The certificate file does not hold exactly one PEM CERTIFICATE block that decodes.',
    LINT,
  ),

  // structure and encoding
  versionV3: defineRule('version.v3', 'error', 'The certificate is not X.509 version 3.', LINT),
  serialValid: defineRule(
    'serial.valid',
    'error',
    'The serial number is not positive, longer than 20 octets, or not minimally encoded.',
    LINT,
  ),
  serialEntropy: defineRule('serial.entropy', 'warning', 'The serial number has fewer than 64 bits.', LINT),
  sigHash: defineRule(
    'sig.hash',
    'error',
    'The signature uses something other than SHA-256/384/512 (RSA, RSA-PSS, ECDSA) or Ed25519, or differs inside and outside the signed data.',
    LINT,
  ),
  extNoDupes: defineRule(
    'ext.no_dupes_no_unknown_critical',
    'error',
    'An extension appears twice, a critical extension is one OpenSSL does not know, or a key identifier is critical.',
    LINT,
  ),
  extMalformed: defineRule('ext.malformed', 'error', 'An extension value does not parse.', LINT),
  subjectNonempty: defineRule(
    'subject.nonempty',
    'error',
    'The subject (without a critical subjectAltName) or the issuer is empty.',
    LINT,
  ),
  subjectEncoding: defineRule(
    'subject.encoding',
    'warning',
    'A subject string is not PrintableString/UTF8String, has control characters or outer spaces, or the CN is over 64 characters.',
    LINT,
  ),
  derStrict: defineRule(
    'der.strict',
    'warning',
    'The certificate is not strict DER (re-encoding it gives other bytes).',
    LINT,
  ),

  // leaf, not CA
  leafNotCa: defineRule(
    'leaf.not_ca',
    'error',
    'The certificate is a CA, not a leaf: CA:TRUE, keyCertSign, cRLSign or a pathlen.',
    LINT,
  ),
  bcPresent: defineRule(
    'bc.present',
    'warning',
    'basicConstraints=CA:FALSE is missing, though the Cloudflare recipe asks for it.',
    LINT,
  ),

  // key usage and extended key usage
  ekuClientAuth: defineRule(
    'eku.client_auth',
    'error',
    'An extended key usage is present without clientAuth.',
    LINT,
  ),
  ekuPresentExplicit: defineRule(
    'eku.present_explicit',
    'warning',
    'The extended key usage is missing, or is more than clientAuth.',
    LINT,
  ),
  kuSigning: defineRule(
    'ku.signing',
    'error',
    'A key usage is present without digitalSignature (or keyAgreement on EC), or with bits that do not fit the key type.',
    LINT,
  ),
  kuPresentCriticalMinimal: defineRule(
    'ku.present_critical_minimal',
    'warning',
    'The key usage is missing, not critical, or more than a client certificate needs.',
    LINT,
  ),

  // public key
  keyStrength: defineRule(
    'key.strength',
    'error',
    'The key is RSA under 2048 bits or with an odd exponent, or EC on a curve other than P-256/384/521.',
    LINT,
  ),
  keyAlgorithmUnverified: defineRule(
    'key.algorithm_unverified',
    'notice',
    'The key is Ed25519 or RSA-PSS: it parses, but Cloudflare does not document it for origin pulls.',
    LINT,
  ),

  // identifiers and names
  akiPresent: defineRule(
    'aki.present',
    'warning',
    'The authority key identifier (with a keyIdentifier) is missing.',
    LINT,
  ),
  skiPresent: defineRule(
    'ski.present',
    'warning',
    'The subject key identifier is missing, or is not the SHA-1 hash of the key.',
    LINT,
  ),
  sanWellformed: defineRule(
    'san.wellformed',
    'error',
    'A subjectAltName is present but empty, or has an entry that is not well formed.',
    LINT,
  ),
  sanDuplicate: defineRule('san.duplicate', 'notice', 'A subjectAltName entry is repeated.', LINT),
  subjectHostname: defineRule(
    'subject.hostname',
    'warning',
    'Neither the common name nor a DNS subjectAltName names a hostname the certificate is mapped to.',
    LINT,
  ),
  issuerPublicCa: defineRule(
    'issuer.public_ca',
    'warning',
    'The certificate is from a public CA (they are ending clientAuth).',
    LINT,
  ),

  // validity and expiry (scan reports the same expiry facts under the same IDs)
  validityWindow: defineRule(
    'validity.window',
    'error',
    'notBefore is not before notAfter, or the certificate is not valid yet (a warning for an unchanged certificate).',
    LINT,
  ),
  expiryExpired: defineRule(
    'expiry.expired',
    'error',
    'The certificate has expired: in the repository (a warning for an unchanged certificate) or serving a hostname (scan).',
    { suppressible: true, replaces: ['validity.window', 'scan.expired'] },
  ),
  expiryCritical: defineRule(
    'expiry.critical',
    'error',
    'The certificate expires within fail-days (a warning for an unchanged certificate).',
    { suppressible: true, replaces: ['validity.min_remaining', 'scan.expiring_critical'] },
  ),
  expiryWarn: defineRule('expiry.warn', 'warning', 'The certificate expires within warn-days.', {
    suppressible: true,
    replaces: ['scan.expiring'],
  }),
  validityMax: defineRule(
    'validity.max',
    'warning',
    'The validity is longer than 825 days, or the leaf outlives its CA.',
    LINT,
  ),

  // issuance
  chainIssuedByCa: defineRule(
    'chain.issued_by_ca',
    'error',
    'The certificate is not signed by a CA in origin-ca (signature, issuer name, key identifier), up to a root in the file.',
    LINT,
  ),
  chainCaEku: defineRule(
    'chain.ca_eku',
    'error',
    'A CA on the path to the root has an extended key usage without clientAuth.',
    LINT,
  ),
  chainCaValid: defineRule(
    'chain.ca_valid',
    'error',
    'A CA on the path to the root is outside its validity window.',
    LINT,
  ),

  // private key
  keyPresentAndMatches: defineRule(
    'key.present_and_matches',
    'error',
    'The given private key does not parse, does not decrypt, or does not match the certificate.',
    LINT,
  ),
  plaintextKey: defineRule(
    'secret.plaintext_key',
    'error',
    'A private key is committed in plain text (PEM anywhere in a file, inside JSON or YAML strings, DER, OpenSSH) or in a PKCS#12 file: in a certificate file, as a private-key.file, or anywhere in a folder the manifest points into. It is a leaked secret.',
    { suppressible: false, replaces: ['input.private_key', 'key.committed_plaintext'] },
  ),
  keyLegacyEncryption: defineRule(
    'key.legacy_encryption',
    'error',
    'A committed key uses the legacy Proc-Type: 4,ENCRYPTED or PKCS#5 v1.5 encryption, not PKCS#8 with PBES2.',
    LINT,
  ),
  keyEmptyVariable: defineRule(
    'key.empty_variable',
    'warning',
    'The named private-key variable is set but empty (a misnamed secret?).',
    LINT,
  ),
  keyAbsentOnFork: defineRule(
    'key.absent_on_fork',
    'notice',
    "The key was not checked: a fork's pull request gets no secrets.",
    LINT,
  ),
  keyPemHygiene: defineRule(
    'key.pem_hygiene',
    'warning',
    'The key PEM has an EC PARAMETERS block, a BOM, CRLF line ends or over-long lines.',
    LINT,
  ),

  // manifest entry
  ignoreUnknownRule: defineRule(
    'ignore.unknown_rule',
    'error',
    "A certificate's `ignore:` list names an ID that is no rule, so it suppresses nothing.",
    { suppressible: false },
  ),
  ignoreNotSuppressible: defineRule(
    'ignore.not_suppressible',
    'warning',
    "A certificate's `ignore:` list names a rule that cannot be suppressed (see this table), so the entry has no effect.",
    { suppressible: false },
  ),
  ignoreRenamedRule: defineRule(
    'ignore.renamed_rule',
    'notice',
    "A certificate's `ignore:` list names an old rule ID; it still works, but the new ID should replace it.",
    { suppressible: false },
  ),

  // origin-ca file (about the zone's CA, not one certificate)
  caDecode: defineRule(
    'ca.decode',
    'error',
    'A CERTIFICATE block in the origin-ca file is not an X.509 certificate.',
    { suppressible: false },
  ),
  caHygiene: defineRule(
    'ca.hygiene',
    'warning',
    'An origin CA lacks a critical CA:TRUE, a critical keyUsage with keyCertSign, or a subject key identifier.',
    { suppressible: false },
  ),
};
