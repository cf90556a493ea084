/** What the certificate's public key is, read from its SubjectPublicKeyInfo without loading it into OpenSSL. */
import {
  children,
  DerError,
  expectTag,
  readBitString,
  readOid,
  readRoot,
  TAG,
  type DerNotes,
  type Tlv,
} from './der.js';

export interface KeyFacts {
  /** `rsa`, `rsa-pss`, `ec`, `ed25519`, `ed448`, or `unknown`. */
  type: string;
  /** RSA modulus length in bits. */
  bits?: number;
  /** EC curve by its NIST name (`P-256`), else its common name or OID. */
  curve?: string;
  /** RSA public exponent. */
  exponent?: bigint;
  description: string;
}

const KEY_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'rsa',
  '1.2.840.113549.1.1.10': 'rsa-pss',
  '1.2.840.10045.2.1': 'ec',
  '1.3.101.112': 'ed25519',
  '1.3.101.113': 'ed448',
};

const CURVES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
  '1.2.840.10045.3.1.1': 'P-192',
  '1.3.132.0.33': 'P-224',
};

function bitLength(bytes: Uint8Array): number {
  const start = bytes.findIndex((byte) => byte !== 0);
  if (start < 0) return 0;
  return (bytes.length - start) * 8 - Math.clz32(bytes[start]!) + 24;
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

export function describePublicKey(spki: Tlv, notes: DerNotes): KeyFacts {
  try {
    return readKeyFacts(spki, notes);
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    return { type: 'unknown', description: 'an unreadable key' };
  }
}

function readKeyFacts(spki: Tlv, notes: DerNotes): KeyFacts {
  const [algorithmTlv, keyTlv] = children(spki, notes);
  const [oidTlv, parameters] = children(expectTag(algorithmTlv, TAG.sequence), notes);
  const oid = readOid(oidTlv!);
  const type = KEY_ALGORITHMS[oid] ?? 'unknown';
  if (type === 'rsa' || type === 'rsa-pss') {
    const [modulus, exponent] = children(
      expectTag(readRoot(readBitString(keyTlv!).bits, notes), TAG.sequence),
      notes,
    );
    const bits = bitLength(expectTag(modulus, TAG.integer).value);
    const facts: KeyFacts = { type, bits, description: `${type === 'rsa' ? 'RSA' : 'RSA-PSS'} ${bits}` };
    facts.exponent = toBigInt(expectTag(exponent, TAG.integer).value);
    return facts;
  }
  if (type === 'ec') {
    const curveOid = parameters?.tag === TAG.oid ? readOid(parameters) : undefined;
    const curve = curveOid ? (CURVES[curveOid] ?? curveOid) : 'explicit (unnamed) curve parameters';
    return { type, curve, description: `EC ${curve}` };
  }
  if (type === 'ed25519') return { type, description: 'Ed25519' };
  if (type === 'ed448') return { type, description: 'Ed448' };
  return { type, description: `a key of unknown algorithm ${oid}` };
}
