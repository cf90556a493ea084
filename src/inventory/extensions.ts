/** Reads a certificate's `cert.v3.ext` and checks it parses and agrees with the certificate it signed. */
import type { Finding } from '../findings.js';
import { readRepoFileSync, type RepoFileRead } from '../files/repo-file.js';
import type { ManifestCertificate, ManifestZone } from '../manifest/types.js';
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
): Promise<Finding[]> {
  const file = certificate.extensions!;
  const read = cache.read(file);
  if (!read.ok) return [fileFinding(file, read.detail)];
  const findings = [...read.parsed.findings];
  if (check.certificate)
    findings.push(...(await compareExtFile(read.parsed, check.certificate, check.issuer)));
  return suppressIgnored(
    findings.map((finding) => ({ ...finding, file, zone: zone.zone, certificate: certificate.name })),
    certificate.ignore,
  );
}
