/** A leaf, not a CA: Cloudflare refuses a CA ("missing leaf certificate") and nginx would accept it. */
import type { InspectedCertificate } from '../inspect.js';
import { problem, type Problem } from '../problem.js';
import { RULES } from '../rules.js';
import { KEY_USAGE } from '../extensions.js';

export function leafProblems(certificate: InspectedCertificate): Problem[] {
  const problems: Problem[] = [];
  const constraints = certificate.basicConstraints;
  if (!constraints) {
    problems.push(
      problem(
        RULES.bcPresent,
        'The certificate has no basicConstraints extension; the Cloudflare recipe asks for CA:FALSE so no verifier can take it for a CA.',
        'Write this line in cert.v3.ext and re-issue: `basicConstraints=CA:FALSE`.',
      ),
    );
  } else if (constraints.ca) {
    problems.push(
      problem(
        RULES.leafNotCa,
        'The certificate is a CA (basicConstraints CA:TRUE), not a client leaf: Cloudflare refuses it ("missing leaf certificate").',
        'Upload the leaf, not the CA; issue the leaf with this line in cert.v3.ext: `basicConstraints=CA:FALSE`.',
      ),
    );
  } else if (constraints.pathLength !== undefined) {
    problems.push(
      problem(
        RULES.leafNotCa,
        'The certificate has a pathlen constraint, which only a CA may carry.',
        'Write this line in cert.v3.ext and re-issue: `basicConstraints=CA:FALSE`.',
      ),
    );
  }
  const signsCertificates = KEY_USAGE.keyCertSign | KEY_USAGE.cRLSign;
  if (certificate.keyUsage && (certificate.keyUsage.usages & signsCertificates) !== 0) {
    problems.push(
      problem(
        RULES.leafNotCa,
        "The certificate's key usage allows signing certificates or CRLs (keyCertSign/cRLSign), which only a CA may.",
        'Write this line in cert.v3.ext and re-issue: `keyUsage = critical, digitalSignature`.',
      ),
    );
  }
  return problems;
}
