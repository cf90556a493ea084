/**
 * One certificate as every stage reports it (inventory, plan, scan) and every report renders it.
 * Neutral ground, so that scan/ can build rows without importing report/, which renders scan items.
 */
import type { Finding } from './findings.js';

export type Verdict = 'ok' | 'warning' | 'error';

export interface CertificateRow {
  zone: string;
  name: string;
  hostnames: string[];
  file: string;
  subject?: string;
  serial?: string;
  sha256?: string;
  notBefore?: Date;
  notAfter?: Date;
  daysLeft?: number;
  /** Cloudflare's certificate ID and status, when known. */
  id?: string;
  status?: string;
  verdict: Verdict;
  /** What a merge (check) or this run (deploy) does with it, in a few words, when a plan exists. */
  action?: string;
}

export function verdictOf(findings: Finding[]): Verdict {
  const counted = findings.filter((finding) => !finding.suppressed);
  if (counted.some((finding) => finding.severity === 'error')) return 'error';
  if (counted.some((finding) => finding.severity === 'warning')) return 'warning';
  return 'ok';
}
