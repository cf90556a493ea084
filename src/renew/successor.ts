/**
 * One certificate's successor, in memory: same subject, the zone CA's signature, a fresh
 * serial, the extensions of its extension file, and either the same public key (a key held in a
 * secret) or a new key of the same type and size that leaves this module only encrypted.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { children, expectTag, readBitString, readRoot, TAG } from '../pki/der.js';
import { DAY_MS, inspectCertificate, type InspectedCertificate } from '../pki/inspect.js';
import { parseExtFile } from '../pki/extfile/index.js';
import { buildExtensions } from './extensions.js';
import { issueCertificate } from './sign.js';

export type KeyPlan =
  /** The key stays where it is (an `env:` secret): the successor certifies the same public key. */
  | { kind: 'same' }
  /** A committed encrypted key file: a new key, encrypted with the same passphrase. */
  | { kind: 'new'; passphrase: string };

export interface SuccessorRequest {
  oldLeaf: InspectedCertificate;
  ca: InspectedCertificate;
  caKey: KeyObject;
  /** The committed extension file's text, when the manifest names one. */
  extFileText?: string;
  validityDays: number;
  now: Date;
  key: KeyPlan;
}

export interface Successor {
  certificate: InspectedCertificate;
  pem: string;
  /** PKCS#8, PBES2 with AES-256-CBC: the only form the new private key ever takes outside memory. */
  encryptedKeyPem?: string;
}

export class KeyTypeError extends Error {
  override readonly name = 'KeyTypeError';
}

const NODE_CURVES: Record<string, string> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
};

function newKeyLike(oldLeaf: InspectedCertificate): { publicKey: KeyObject; privateKey: KeyObject } {
  const { type, bits, curve } = oldLeaf.key;
  if (type === 'rsa' && bits)
    return generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  if (type === 'ec' && curve && NODE_CURVES[curve])
    return generateKeyPairSync('ec', { namedCurve: NODE_CURVES[curve]! });
  if (type === 'ed25519') return generateKeyPairSync('ed25519');
  throw new KeyTypeError(`its key (${oldLeaf.key.description}) is of a kind aop-certs does not generate`);
}

/** The subjectPublicKey bits inside a DER SubjectPublicKeyInfo (what the SHA-1 key identifier hashes). */
function subjectPublicKeyOf(spki: Uint8Array): Uint8Array {
  const notes: string[] = [];
  const [, bits] = children(expectTag(readRoot(spki, notes), TAG.sequence), notes);
  return readBitString(bits!).bits;
}

export function makeSuccessor(request: SuccessorRequest): Successor {
  const { oldLeaf, ca, caKey, now } = request;
  let spki = oldLeaf.spki;
  let encryptedKeyPem: string | undefined;
  if (request.key.kind === 'new') {
    const pair = newKeyLike(oldLeaf);
    spki = new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
    encryptedKeyPem = pair.privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: request.key.passphrase })
      .toString();
  }
  const extensions = buildExtensions({
    extFile: request.extFileText === undefined ? undefined : parseExtFile(request.extFileText),
    oldLeaf,
    ca,
    subjectPublicKey: subjectPublicKeyOf(spki),
  });
  // Backdated a little, as openssl does not but every CA should: clocks of origins drift.
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 5 * 60_000);
  const notAfter = new Date(notBefore.getTime() + request.validityDays * DAY_MS);
  const issued = issueCertificate({
    subjectNameDer: oldLeaf.subjectNameDer,
    issuerNameDer: ca.subjectNameDer,
    spki,
    notBefore,
    notAfter,
    extensions,
    caKey,
    preferPss: ca.signatureAlgorithm.oid === '1.2.840.113549.1.1.10',
  });
  const certificate = inspectCertificate(issued.der);
  if (!certificate) throw new Error('the successor does not parse back: a bug in the DER writer');
  return { certificate, pem: issued.pem, ...(encryptedKeyPem ? { encryptedKeyPem } : {}) };
}
