/** Verifies a certificate's signature over its raw TBS bytes with node:crypto. */
import { constants, verify, type KeyObject } from 'node:crypto';
import {
  children,
  contextTag,
  DerError,
  expectTag,
  readRoot,
  readSmallInteger,
  TAG,
  type Tlv,
} from './der.js';
import { readAlgorithm, type AlgorithmIdentifier, type InspectedCertificate } from './inspect.js';
import { SIGNATURE } from './oids.js';

/** Signature algorithm OID → hash (Node's name; null for EdDSA). */
const HASH_BY_SIGNATURE: Record<string, string | null> = {
  '1.2.840.113549.1.1.4': 'md5',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
  '1.3.101.113': null,
};

const HASH_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const SHA1 = '1.3.14.3.2.26';

/** RSASSA-PSS parameters (RFC 4055); absent fields take their defaults (SHA-1, salt 20). */
export function pssParameters(
  algorithm: AlgorithmIdentifier,
): { hashOid: string; saltLength: number } | undefined {
  const parameters: Tlv | undefined = algorithm.parameters;
  const result = { hashOid: SHA1, saltLength: 20 };
  if (!parameters) return result;
  try {
    const notes: string[] = [];
    for (const field of children(expectTag(readRoot(parameters.bytes, notes), TAG.sequence), notes)) {
      const [inner] = children(field, notes);
      if (field.tag === contextTag(0, true)) result.hashOid = readAlgorithm(inner, notes).oid;
      if (field.tag === contextTag(2, true)) result.saltLength = readSmallInteger(inner!);
    }
    return result;
  } catch (error) {
    if (error instanceof DerError) return undefined;
    throw error;
  }
}

/** True when the certificate's signature verifies under `signerKey`; false for anything unverifiable. */
export function signatureVerifies(signed: InspectedCertificate, signerKey: KeyObject | undefined): boolean {
  if (!signerKey) return false;
  const { tbs, signature, signatureAlgorithm } = signed;
  try {
    if (signatureAlgorithm.oid === SIGNATURE.rsaPss) {
      const params = pssParameters(signatureAlgorithm);
      const hash = params && HASH_BY_OID[params.hashOid];
      if (!params || !hash) return false;
      const key = { key: signerKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength };
      return verify(hash, tbs, key, signature);
    }
    const hash = HASH_BY_SIGNATURE[signatureAlgorithm.oid];
    return hash !== undefined && verify(hash, tbs, signerKey, signature);
  } catch {
    return false;
  }
}
