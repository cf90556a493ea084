/** Every lint on one leaf certificate, in the order the report lists them. */
import type { InspectedCertificate } from '../inspect.js';
import type { Problem } from '../problem.js';
import { keyIdentifierProblems } from './identifiers.js';
import { leafProblems } from './leaf.js';
import { hostnameProblems, subjectAltNameProblems } from './names.js';
import { publicCaProblems } from './public-ca.js';
import { publicKeyProblems } from './public-key.js';
import {
  derProblems,
  extensionListProblems,
  serialProblems,
  signatureProblems,
  subjectEncodingProblems,
  subjectProblems,
  versionProblems,
} from './structure.js';
import { extendedKeyUsageProblems, keyUsageProblems } from './usage.js';
import { validityLengthProblems, validityProblems, type ExpiryPolicy } from './validity.js';

export interface LintContext extends ExpiryPolicy {
  hostnames: string[];
  /** The CAs from the leaf's issuer up to the root, as found in origin-ca. */
  issuers: InspectedCertificate[];
}

export function lintCertificate(certificate: InspectedCertificate, context: LintContext): Problem[] {
  return [
    ...versionProblems(certificate),
    ...leafProblems(certificate),
    ...extendedKeyUsageProblems(certificate),
    ...keyUsageProblems(certificate),
    ...validityProblems(certificate, context),
    ...validityLengthProblems(certificate, context.issuers),
    ...serialProblems(certificate),
    ...signatureProblems(certificate),
    ...publicKeyProblems(certificate),
    ...extensionListProblems(certificate),
    ...subjectProblems(certificate),
    ...subjectAltNameProblems(certificate),
    ...hostnameProblems(certificate, context.hostnames),
    ...keyIdentifierProblems(certificate),
    ...subjectEncodingProblems(certificate),
    ...derProblems(certificate),
    ...publicCaProblems(certificate),
  ];
}
