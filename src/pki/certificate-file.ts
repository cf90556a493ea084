import { decodeFile, isPrivateKeyLabel } from './pem.js';
import { problem, type Problem } from './problem.js';
import { RULES } from './rules.js';

export interface CertificateBlock {
  der: Uint8Array;
  /** Line of the PEM block; undefined for a DER file. */
  line?: number;
}

export type CertificateFileRole = 'leaf' | 'origin-ca';

const WHAT: Record<CertificateFileRole, string> = {
  leaf: 'The certificate file',
  'origin-ca': 'The origin-ca file',
};

/**
 * The certificate blocks of a file, checked for shape: a leaf file holds exactly one, an
 * origin-ca file one or more, and neither may hold a private key. DER is reported but still
 * returned, so the certificate's other problems are found in the same run.
 */
export function certificateBlocks(
  bytes: Uint8Array,
  role: CertificateFileRole,
): { blocks: CertificateBlock[]; problems: Problem[] } {
  const what = WHAT[role];
  const decoded = decodeFile(bytes);
  switch (decoded.kind) {
    case 'too-large':
      return {
        blocks: [],
        problems: [
          problem(
            RULES.inputTooLarge,
            `${what} is larger than 1 MiB, so it was not read.`,
            'Point the manifest at the PEM certificate itself.',
          ),
        ],
      };
    case 'unrecognised':
      return {
        blocks: [],
        problems: [
          problem(
            RULES.inputSingleCert,
            `${what} is neither PEM nor DER.`,
            'Commit the PEM certificate that `openssl x509 -req ... -out cert.crt` wrote (it starts with -----BEGIN CERTIFICATE-----).',
          ),
        ],
      };
    case 'der':
      return {
        blocks: [{ der: decoded.der }],
        problems: [
          problem(
            RULES.inputDer,
            `${what} is DER (binary); Cloudflare and nginx expect PEM.`,
            'Convert it and commit the PEM file: `openssl x509 -inform der -in X -out X.pem`.',
          ),
        ],
      };
    case 'pem':
      break;
  }
  const problems: Problem[] = [];
  for (const keyBlock of decoded.blocks.filter((block) => isPrivateKeyLabel(block.label))) {
    problems.push(
      problem(
        RULES.plaintextKey,
        `${what} contains a private key block: committed in plain text, it is a leaked secret.`,
        'Remove the key from this file, rotate it (issue a new key and certificate), and give the key through a secret (`private-key: env:`) or an encrypted key file.',
        { line: keyBlock.line },
      ),
    );
  }
  const certificates = decoded.blocks.filter((block) => block.label === 'CERTIFICATE');
  const undecodable = certificates.find((block) => block.der === undefined);
  if (decoded.unterminated || undecodable) {
    problems.push(
      problem(
        RULES.inputSingleCert,
        `${what} has a PEM block that does not decode (truncated, or altered by copy and paste).`,
        'Copy the file again from where it was issued, from -----BEGIN to -----END, unchanged.',
        { line: undecodable?.line ?? decoded.unterminatedLine },
      ),
    );
    // An origin-ca's other CAs still judge the leaves: the broken block is its own finding.
    if (role === 'leaf') return { blocks: [], problems };
  }
  const blocks = certificates
    .filter((block) => block.der !== undefined)
    .map((block) => ({ der: block.der!, line: block.line }));
  if (certificates.length === 0 && !decoded.unterminated) {
    problems.push(
      problem(
        RULES.inputSingleCert,
        `${what} has no CERTIFICATE block.`,
        'Commit the PEM certificate (-----BEGIN CERTIFICATE-----).',
      ),
    );
  } else if (role === 'leaf' && blocks.length > 1) {
    problems.push(
      problem(
        RULES.inputSingleCert,
        `The certificate file holds ${blocks.length} certificates; it must hold only the leaf (libraries silently take the first).`,
        "Keep only the leaf certificate in this file; the CA belongs in the zone's origin-ca file.",
        { line: blocks[1]!.line },
      ),
    );
    return { blocks: [], problems };
  }
  return { blocks, problems };
}
