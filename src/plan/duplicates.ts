/** One leaf under two names in one zone: Cloudflare holds a certificate once, so one entry could never be deployed. */
import type { Finding } from '../findings.js';
import { RULES } from './rules.js';

export interface ZoneEntry {
  name: string;
  /** SHA-256 of the leaf's DER; unknown when the file could not be read. */
  sha256?: string;
  line: number;
}

export function duplicateCertificates(zone: string, entries: ZoneEntry[], manifestFile: string): Finding[] {
  const first = new Map<string, string>();
  const findings: Finding[] = [];
  for (const entry of entries) {
    if (entry.sha256 === undefined) continue;
    const earlier = first.get(entry.sha256);
    if (earlier === undefined) {
      first.set(entry.sha256, entry.name);
      continue;
    }
    findings.push({
      severity: RULES.duplicateCertificate.severity,
      rule: RULES.duplicateCertificate.id,
      file: manifestFile,
      line: entry.line,
      zone,
      message: `Certificates ${earlier} and ${entry.name} of zone ${zone} are the same leaf (the same file content); Cloudflare holds a certificate once, so deploy could upload only one of them.`,
      fix: `Merge them: list every hostname under ${earlier} and remove ${entry.name}, or give ${entry.name} its own leaf.`,
    });
  }
  return findings;
}
