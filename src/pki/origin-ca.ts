/** The zone's origin-ca file: one or more CA certificates, parsed once per content and reused. */
import { hash, type KeyObject } from 'node:crypto';
import { certificateBlocks } from './certificate-file.js';
import { sameBytes } from './der.js';
import { caHygieneProblems } from './lints/ca.js';
import { inspectCertificate, loadPublicKey, type InspectedCertificate } from './inspect.js';
import { problem, type Problem } from './problem.js';
import { RULES } from './rules.js';
import { signatureVerifies } from './signature.js';

export interface CaCertificate {
  certificate: InspectedCertificate;
  /** Line of its PEM block in the origin-ca file. */
  line?: number;
  /** Loaded once per file; undefined when node:crypto cannot load the key. */
  publicKey?: KeyObject;
  selfSigned: boolean;
}

export interface OriginCa {
  certificates: CaCertificate[];
  problems: Problem[];
}

const cache = new Map<string, OriginCa>();
const CACHE_LIMIT = 64;

/** The same bytes, as the inventory passes them for each certificate of a zone: not even hashed again. */
const byBytes = new WeakMap<Uint8Array, OriginCa>();

/** Parses an origin-ca file; the same content (by SHA-256) is parsed only once per process. */
export function loadOriginCa(bytes: Uint8Array): OriginCa {
  const known = byBytes.get(bytes);
  if (known) return known;
  const key = hash('sha256', bytes);
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = parseOriginCa(bytes);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, loaded);
  }
  byBytes.set(bytes, loaded);
  return loaded;
}

function parseOriginCa(bytes: Uint8Array): OriginCa {
  const { blocks, problems } = certificateBlocks(bytes, 'origin-ca');
  const certificates: CaCertificate[] = [];
  for (const block of blocks) {
    const certificate = inspectCertificate(block.der);
    if (!certificate) {
      problems.push(
        problem(
          RULES.caDecode,
          'A CERTIFICATE block in the origin-ca file is not an X.509 certificate.',
          'Replace the block with the CA certificate exactly as `openssl req -x509 ... -out rootca.crt` wrote it.',
          { line: block.line },
        ),
      );
      continue;
    }
    problems.push(...caHygieneProblems(certificate, block.line));
    const publicKey = loadPublicKey(certificate);
    const entry: CaCertificate = { certificate, selfSigned: false };
    if (publicKey) entry.publicKey = publicKey;
    entry.selfSigned = isSelfSigned(entry);
    if (block.line !== undefined) entry.line = block.line;
    certificates.push(entry);
  }
  return { certificates, problems };
}

function isSelfSigned(ca: CaCertificate): boolean {
  const { certificate } = ca;
  return sameBytes(certificate.subjectNameDer, certificate.issuerNameDer) && verifiesUnder(certificate, ca);
}

/** True when `signed`'s signature verifies under `signer`'s public key. */
export function verifiesUnder(signed: InspectedCertificate, signer: CaCertificate): boolean {
  return signatureVerifies(signed, signer.publicKey);
}
