/** A publicly trusted CA's certificate, reused for origin pulls, stops working at renewal (§2.6). */
import type { InspectedCertificate } from '../inspect.js';
import { EXTENSION } from '../oids.js';
import { problem, type Problem } from '../problem.js';
import { RULES } from '../rules.js';

export function publicCaProblems(certificate: InspectedCertificate): Problem[] {
  if (!certificate.extensions.some((extension) => extension.type === EXTENSION.signedCertificateTimestamps))
    return [];
  return [
    problem(
      RULES.issuerPublicCa,
      'The certificate carries Certificate Transparency timestamps, so a public CA issued it; public CAs are ending clientAuth issuance (Chrome policy, 2026).',
      'Issue origin-pull certificates from your own private CA (the Cloudflare recipe: `openssl req -x509 ...` for the CA, `openssl x509 -req` for the leaf).',
    ),
  ];
}
