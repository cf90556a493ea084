/**
 * Issues a certificate: encodes the TBSCertificate with the DER writer and signs it with the
 * CA's key through node:crypto (RSA PKCS#1 v1.5 or RSA-PSS with SHA-256, ECDSA with the hash
 * that matches the curve, Ed25519).
 */
import { constants, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { encodePem } from '../pki/pem.js';
import {
  bitString,
  explicit,
  NULL,
  oid,
  sequence,
  smallInteger,
  time,
  unsignedInteger,
} from './der-writer.js';
import { encodeExtensions, type ExtensionValue } from './extensions.js';

export interface IssueRequest {
  /** DER of the subject Name, kept byte for byte from the old leaf. */
  subjectNameDer: Uint8Array;
  /** DER of the CA's subject Name: the successor's issuer. */
  issuerNameDer: Uint8Array;
  /** DER SubjectPublicKeyInfo of the successor's key. */
  spki: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  extensions: ExtensionValue[];
  caKey: KeyObject;
  /** Sign with RSA-PSS even though the CA key is plain RSA (the CA itself was signed so). */
  preferPss?: boolean;
}

export interface Issued {
  der: Uint8Array;
  pem: string;
  /** Lowercase hex of the serial, as OpenSSL prints it. */
  serial: string;
}

const SHA256 = '2.16.840.1.101.3.4.2.1';
const MGF1 = '1.2.840.113549.1.1.8';
const RSA_PSS = '1.2.840.113549.1.1.10';
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const ECDSA = {
  'P-256': ['1.2.840.10045.4.3.2', 'sha256'],
  'P-384': ['1.2.840.10045.4.3.3', 'sha384'],
  'P-521': ['1.2.840.10045.4.3.4', 'sha512'],
} as const;
const ED25519 = '1.3.101.112';

interface Signer {
  algorithm: Uint8Array;
  sign(data: Uint8Array): Uint8Array;
}

/** RSASSA-PSS parameters: SHA-256, MGF1 with SHA-256, a 32-byte salt (what OpenSSL writes for a PSS CA). */
function pssAlgorithm(): Uint8Array {
  const sha256 = sequence(oid(SHA256), NULL);
  return sequence(
    oid(RSA_PSS),
    sequence(explicit(0, sha256), explicit(1, sequence(oid(MGF1), sha256)), explicit(2, smallInteger(32))),
  );
}

export class UnsupportedCaKeyError extends Error {
  override readonly name = 'UnsupportedCaKeyError';
}

function signerFor(caKey: KeyObject, preferPss: boolean): Signer {
  const type = caKey.asymmetricKeyType;
  if (type === 'rsa-pss' || (type === 'rsa' && preferPss)) {
    return {
      algorithm: pssAlgorithm(),
      sign: (data) =>
        sign('sha256', data, {
          key: caKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: 32,
        }),
    };
  }
  if (type === 'rsa') {
    return { algorithm: sequence(oid(SHA256_WITH_RSA), NULL), sign: (data) => sign('sha256', data, caKey) };
  }
  if (type === 'ec') {
    const curve = caKey.asymmetricKeyDetails?.namedCurve;
    const named =
      curve === 'prime256v1'
        ? 'P-256'
        : curve === 'secp384r1'
          ? 'P-384'
          : curve === 'secp521r1'
            ? 'P-521'
            : undefined;
    if (!named) throw new UnsupportedCaKeyError(`an EC key on the curve ${curve ?? 'unknown'}`);
    const [algorithmOid, hash] = ECDSA[named];
    return {
      algorithm: sequence(oid(algorithmOid)),
      sign: (data) => sign(hash, data, { key: caKey, dsaEncoding: 'der' }),
    };
  }
  if (type === 'ed25519')
    return { algorithm: sequence(oid(ED25519)), sign: (data) => sign(null, data, caKey) };
  throw new UnsupportedCaKeyError(`a ${type ?? 'unknown'} key`);
}

/** A positive serial of 16 random bytes: at most 20 are allowed, and at least 64 random bits make it unguessable. */
function randomSerial(): Uint8Array {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes;
}

export function issueCertificate(request: IssueRequest): Issued {
  const signer = signerFor(request.caKey, request.preferPss ?? false);
  const serial = randomSerial();
  const hasExtensions = request.extensions.length > 0;
  const tbs = sequence(
    ...(hasExtensions ? [explicit(0, smallInteger(2))] : []),
    unsignedInteger(serial),
    signer.algorithm,
    request.issuerNameDer,
    sequence(time(request.notBefore), time(request.notAfter)),
    request.subjectNameDer,
    request.spki,
    ...(hasExtensions ? [explicit(3, encodeExtensions(request.extensions))] : []),
  );
  const der = sequence(tbs, signer.algorithm, bitString(signer.sign(tbs)));
  return { der, pem: encodePem(der, 'CERTIFICATE'), serial: Buffer.from(serial).toString('hex') };
}

/** Whether `caKey` is the private half of the CA certificate's public key. */
export function keyMatches(caKey: KeyObject, caSpki: Uint8Array): boolean {
  try {
    return createPublicKey(caKey).equals(
      createPublicKey({ key: Buffer.from(caSpki), format: 'der', type: 'spki' }),
    );
  } catch {
    return false;
  }
}
