/** The certificate's public key: RSA at least 2048 bits with a sane exponent, EC on P-256/384/521. */
import type { InspectedCertificate } from '../inspect.js';
import { problem, type Problem } from '../problem.js';
import { RULES } from '../rules.js';

const NEW_RSA_KEY =
  'Make a new key and CSR and re-issue: `openssl req -new -nodes -newkey rsa:2048 -keyout cert.key -out cert.csr`.';
const NEW_EC_KEY =
  'Make a new key on P-256 and re-issue: `openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout cert.key -out cert.csr`.';
const ALLOWED_CURVES = new Set(['P-256', 'P-384', 'P-521']);

export function publicKeyProblems(certificate: InspectedCertificate): Problem[] {
  const { key } = certificate;
  switch (key.type) {
    case 'rsa':
    case 'rsa-pss':
      return [
        ...rsaProblems(key.bits ?? 0, key.exponent),
        ...(key.type === 'rsa-pss' ? [untested('RSA-PSS')] : []),
      ];
    case 'ec':
      return ALLOWED_CURVES.has(key.curve ?? '')
        ? []
        : [
            problem(
              RULES.keyStrength,
              `The key is on the curve ${key.curve}; only P-256, P-384 and P-521 are accepted.`,
              NEW_EC_KEY,
            ),
          ];
    case 'ed25519':
      return [untested('Ed25519')];
    default:
      return [
        problem(
          RULES.keyStrength,
          `The certificate has ${key.description}, which is not accepted; use RSA (2048 bits or more) or EC P-256/384/521.`,
          NEW_RSA_KEY,
        ),
      ];
  }
}

function rsaProblems(bits: number, exponent: bigint | undefined): Problem[] {
  const problems: Problem[] = [];
  if (bits < 2048) {
    problems.push(
      problem(RULES.keyStrength, `The RSA key has ${bits} bits; at least 2048 are required.`, NEW_RSA_KEY),
    );
  } else if (bits % 8 !== 0) {
    problems.push(
      problem(RULES.keyStrength, `The RSA key has ${bits} bits, not a multiple of 8.`, NEW_RSA_KEY),
    );
  }
  if (exponent !== undefined && (exponent < 3n || exponent % 2n === 0n)) {
    problems.push(
      problem(
        RULES.keyStrength,
        `The RSA public exponent is ${exponent}; it must be odd and at least 3 (65537 is usual).`,
        NEW_RSA_KEY,
      ),
    );
  }
  return problems;
}

function untested(algorithm: string): Problem {
  return problem(
    RULES.keyAlgorithmUnverified,
    `The key is ${algorithm}: both libraries parse it, but Cloudflare does not document ${algorithm} for origin-pull certificates.`,
    'If uploads or pulls fail, re-issue with an RSA 2048 or EC P-256 key.',
  );
}
