/** Reads a certificate's `cert.v3.ext` and checks it parses and agrees with the certificate it signed. */
import * as x509 from '@peculiar/x509';
import type { Finding } from '../findings.js';
import { readRepoFile } from '../files/repo-file.js';
import type { ManifestCertificate, ManifestZone } from '../manifest/types.js';
import { fixLineIn, placeFixIn } from '../pki/extfile/fix-line.js';
import { compareExtFile, parseExtFile } from '../pki/extfile/index.js';
import { suppressIgnored, type CertificateFacts, type FileInput } from '../pki/index.js';

function issuerOf(leaf: x509.X509Certificate, originCa: FileInput): x509.X509Certificate | undefined {
  // A block that does not parse is reported on the origin-ca file itself; the others still count.
  const parse = (der: ArrayBuffer) => {
    try {
      return [new x509.X509Certificate(der)];
    } catch {
      return [];
    }
  };
  const text = Buffer.from(originCa.bytes).toString('latin1');
  let blocks: ReturnType<typeof x509.PemConverter.decodeWithHeaders> = [];
  try {
    if (x509.PemConverter.isPem(text)) blocks = x509.PemConverter.decodeWithHeaders(text);
  } catch {
    return undefined;
  }
  return blocks
    .filter((block) => block.type === 'CERTIFICATE')
    .flatMap((block) => parse(block.rawData))
    .find((ca) => ca.subject === leaf.issuer);
}

export async function checkExtensionFile(
  root: string,
  certificate: ManifestCertificate,
  zone: ManifestZone,
  facts: CertificateFacts | undefined,
  originCa: FileInput,
  fileFinding: (file: string, detail: string) => Finding,
  /** The certificate's own findings: returned first, each whose fix is a line of this file placed there. */
  certificateFindings: Finding[] = [],
): Promise<Finding[]> {
  const file = certificate.extensions!;
  const read = await readRepoFile(root, file);
  if (!read.ok) return [...certificateFindings, fileFinding(file, read.detail)];
  const parsed = parseExtFile(read.bytes.toString('utf8'));
  const findings = [...parsed.findings];
  if (facts) {
    const leaf = new x509.X509Certificate(facts.pem);
    findings.push(...(await compareExtFile(parsed, leaf, issuerOf(leaf, originCa))));
  }
  const placed = suppressIgnored(
    findings.map((finding) => ({
      ...finding,
      file,
      line: finding.line ?? fixLineIn(parsed, finding.fix),
      zone: zone.zone,
      certificate: certificate.name,
    })),
    certificate.ignore,
  );
  return [...certificateFindings.map((finding) => placeFixIn(finding, file, parsed)), ...placed];
}
