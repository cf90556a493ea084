/**
 * Issuance by origin-ca, checked the way nginx/OpenSSL will: by signature, issuer name and key
 * identifier (not by names alone), up to a self-signed root that must be in the file, with every
 * CA on the path a CA whose EKU (if any) allows clientAuth.
 */
import { type CaCertificate, verifiesUnder } from './origin-ca.js';
import { sameBytes } from './der.js';
import type { InspectedCertificate } from './inspect.js';
import { EKU } from './oids.js';
import { problem, type Problem } from './problem.js';
import { RULES } from './rules.js';

export interface Issuance {
  /** The CA in origin-ca that signed the leaf (signature and issuer name both match). */
  issuer?: CaCertificate;
  /** The issuer and the CAs above it, up to the root (or as far as the file goes). */
  path: CaCertificate[];
  problems: Problem[];
}

const SIGN_WITH_ORIGIN_CA =
  'Issue the certificate from the CA in origin-ca (`openssl x509 -req -in cert.csr -CA rootca.crt -CAkey rootca.key ... -extfile cert.v3.ext`), or point origin-ca at the CA that signed it, which the origin must trust too.';

export function checkIssuance(
  leaf: InspectedCertificate,
  cas: CaCertificate[],
  caFile: string,
  now: Date,
): Issuance {
  if (cas.length === 0) {
    return {
      path: [],
      problems: [
        problem(
          RULES.chainIssuedByCa,
          `Issuance cannot be checked: ${caFile} holds no readable CA certificate.`,
          `Fix the findings on ${caFile} first.`,
        ),
      ],
    };
  }
  const issuer = findIssuer(leaf, cas);
  if (!issuer) {
    const nameMatched = cas.some((ca) => sameBytes(ca.certificate.subjectNameDer, leaf.issuerNameDer));
    return { path: [], problems: [notIssuedProblem(leaf, cas, nameMatched)] };
  }

  const problems: Problem[] = [];
  const keyIdProblem = keyIdentifierProblem(leaf, issuer.certificate);
  if (keyIdProblem) problems.push(keyIdProblem);
  const path = pathToRoot(issuer, cas);
  problems.push(...pathProblems(path, caFile, now));
  return { issuer, path, problems };
}

/** The CA whose subject is the certificate's issuer name and whose key verifies its signature. */
export function findIssuer(
  certificate: InspectedCertificate,
  cas: CaCertificate[],
): CaCertificate | undefined {
  return cas.find(
    (ca) =>
      sameBytes(ca.certificate.subjectNameDer, certificate.issuerNameDer) && verifiesUnder(certificate, ca),
  );
}

function notIssuedProblem(leaf: InspectedCertificate, cas: CaCertificate[], nameMatched: boolean): Problem {
  if (nameMatched) {
    return problem(
      RULES.chainIssuedByCa,
      `The certificate names ${leaf.issuer} as its issuer, but its signature does not verify under that CA's key in origin-ca (a different CA with the same name, or a re-generated CA key); nginx rejects it (error 20/21).`,
      SIGN_WITH_ORIGIN_CA,
    );
  }
  if (cas.some((ca) => verifiesUnder(leaf, ca))) {
    return problem(
      RULES.chainIssuedByCa,
      `The certificate's signature verifies under a CA key in origin-ca, but its issuer name (${leaf.issuer}) is not that CA's subject, so the origin cannot build the chain.`,
      'Re-issue the certificate with `openssl x509 -req ... -CA rootca.crt`, so its issuer name is copied from the CA certificate.',
    );
  }
  const held = cas.map((ca) => ca.certificate.subject).join('; ');
  return problem(
    RULES.chainIssuedByCa,
    `The certificate was not issued by a CA in origin-ca: its issuer is ${leaf.issuer}, origin-ca holds ${held}; nginx rejects it (error 20/21).`,
    SIGN_WITH_ORIGIN_CA,
  );
}

function keyIdentifierProblem(leaf: InspectedCertificate, issuer: InspectedCertificate): Problem | undefined {
  const authorityKeyId = leaf.authorityKeyId;
  if (!authorityKeyId || !issuer.subjectKeyId || authorityKeyId === issuer.subjectKeyId) return undefined;
  return problem(
    RULES.chainIssuedByCa,
    "The certificate's authority key identifier does not match the subject key identifier of the CA that signed it; strict verifiers will not build the chain.",
    'Re-issue it with `authorityKeyIdentifier=keyid,issuer` in cert.v3.ext, signing with the CA in origin-ca.',
  );
}

/** The issuer, then each CA above it found in the file, stopping at a self-signed root. */
function pathToRoot(issuer: CaCertificate, cas: CaCertificate[]): CaCertificate[] {
  const path = [issuer];
  let current = issuer;
  while (!current.selfSigned) {
    const above = findIssuer(
      current.certificate,
      cas.filter((ca) => !path.includes(ca)),
    );
    if (!above) break;
    path.push(above);
    current = above;
  }
  return path;
}

function pathProblems(path: CaCertificate[], caFile: string, now: Date): Problem[] {
  const problems: Problem[] = [];
  path.forEach((ca, index) => {
    const depth = index + 1;
    const { certificate } = ca;
    if (certificate.basicConstraints?.ca !== true) {
      problems.push(
        problem(
          RULES.chainIssuedByCa,
          `The certificate that signed this one (${certificate.subject}, depth ${depth}) is not a CA (no basicConstraints CA:TRUE); nginx rejects the chain.`,
          'Sign the leaf with a real CA: `openssl req -x509 -new -key rootca.key -sha256 -days 1826 -out rootca.crt` makes one.',
          { file: caFile, line: ca.line },
        ),
      );
    }
    if (now < certificate.notBefore || now >= certificate.notAfter) {
      const state = now < certificate.notBefore ? 'is not valid yet' : 'has expired';
      problems.push(
        problem(
          RULES.chainCaValid,
          `The CA ${certificate.subject} (depth ${depth}) ${state} (valid ${certificate.notBefore.toISOString()} to ${certificate.notAfter.toISOString()}); nginx rejects every certificate under it.`,
          'Issue a new CA, put it in origin-ca (and on the origin), and re-issue the certificates under it.',
          { file: caFile, line: ca.line },
        ),
      );
    }
    const usages = certificate.extendedKeyUsage?.usages.map(String);
    if (usages && !usages.includes(EKU.clientAuth) && !usages.includes(EKU.any)) {
      problems.push(
        problem(
          RULES.chainCaEku,
          `The CA ${certificate.subject} (depth ${depth}) has an extended key usage without clientAuth; OpenSSL applies it to the whole chain, so nginx rejects every client certificate under it (error 26 at depth ${depth}).`,
          'Re-issue that CA with `extendedKeyUsage = clientAuth` added to its EKU, or without an EKU extension.',
          { file: caFile, line: ca.line },
        ),
      );
    }
  });
  const top = path[path.length - 1]!;
  if (!top.selfSigned) {
    problems.push(
      problem(
        RULES.chainIssuedByCa,
        `${caFile} does not hold the root that issued ${top.certificate.subject}; nginx does not trust partial chains, so it rejects the certificate (error 2: unable to get issuer certificate).`,
        `Add the root CA certificate to ${caFile} (PEM blocks one after the other).`,
        { file: caFile, line: top.line },
      ),
    );
  }
  return problems;
}
