/** Reads a certificate's `cert.v3.ext` and checks it parses and agrees with the certificate it signed. */
import type { Finding } from '../findings.js';
import { readRepoFileSync, type RepoFileRead } from '../files/repo-file.js';
import type { ManifestCertificate, ManifestZone } from '../manifest/types.js';
import { fixLineIn, placeFixIn } from '../pki/extfile/fix-line.js';
import { compareExtFile, parseExtFile, type ParsedExtFile } from '../pki/extfile/index.js';
import { suppressIgnored, type CertificateCheck } from '../pki/index.js';

type ExtFileRead = { ok: true; parsed: ParsedExtFile } | Extract<RepoFileRead, { ok: false }>;

/**
 * Extension files by path, read and parsed once per run: most repositories sign every
 * certificate with the same one or two files.
 */
export class ExtFileCache {
  private readonly files = new Map<string, ExtFileRead>();

  constructor(private readonly root: string) {}

  read(file: string): ExtFileRead {
    let entry = this.files.get(file);
    if (!entry) {
      const read = readRepoFileSync(this.root, file);
      entry = read.ok ? { ok: true, parsed: parseExtFile(read.bytes.toString('utf8')) } : read;
      this.files.set(file, entry);
    }
    return entry;
  }
}

export async function checkExtensionFile(
  cache: ExtFileCache,
  certificate: ManifestCertificate,
  zone: ManifestZone,
  check: CertificateCheck,
  fileFinding: (file: string, detail: string) => Finding,
  /** The certificate's own findings: returned first, each whose fix is a line of this file placed there. */
  certificateFindings: Finding[] = [],
): Promise<Finding[]> {
  const file = certificate.extensions!;
  const read = cache.read(file);
  if (!read.ok) return [...certificateFindings, fileFinding(file, read.detail)];
  const { parsed } = read;
  const findings = [...parsed.findings];
  if (check.certificate) findings.push(...(await compareExtFile(parsed, check.certificate, check.issuer)));
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
