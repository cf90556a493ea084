/** RunReport → the action's JSON outputs, in the shapes of schemas/*.schema.json. */
import { countsAsError, type Finding } from '../findings.js';
import type { CertificateRow, RenewedCertificate, RunReport } from './model.js';

export interface CertificateOutput {
  zone: string;
  name: string;
  id: string | null;
  hostnames: string[];
  serial: string | null;
  sha256: string | null;
  'not-after': string | null;
  'days-left': number | null;
  status: string | null;
  verdict: CertificateRow['verdict'];
  file: string;
  subject: string | null;
}

export type FindingOutput = Required<Pick<Finding, 'severity' | 'rule' | 'message'>> & {
  file: string | null;
  line: number | null;
  fix: string | null;
  zone: string | null;
  certificate: string | null;
  suppressed: boolean;
};

function certificatesOutput(rows: CertificateRow[]): CertificateOutput[] {
  return rows.map((row) => ({
    zone: row.zone,
    name: row.name,
    id: row.id ?? null,
    hostnames: row.hostnames,
    serial: row.serial ?? null,
    sha256: row.sha256 ?? null,
    'not-after': row.notAfter?.toISOString() ?? null,
    'days-left': row.daysLeft ?? null,
    status: row.status ?? null,
    verdict: row.verdict,
    file: row.file,
    subject: row.subject ?? null,
  }));
}

function findingsOutput(findings: Finding[]): FindingOutput[] {
  return findings.map((finding) => ({
    severity: finding.severity,
    rule: finding.rule,
    file: finding.file ?? null,
    line: finding.line ?? null,
    message: finding.message,
    fix: finding.fix ?? null,
    zone: finding.zone ?? null,
    certificate: finding.certificate ?? null,
    suppressed: finding.suppressed ?? false,
  }));
}

function expiringOutput(rows: CertificateRow[], warnDays: number): CertificateOutput[] {
  return certificatesOutput(rows.filter((row) => row.daysLeft !== undefined && row.daysLeft < warnDays));
}

export interface RenewedOutput {
  zone: string;
  name: string;
  'old-serial': string;
  'new-serial': string;
  'old-sha256': string;
  'new-sha256': string;
  'old-not-after': string;
  'new-not-after': string;
  key: RenewedCertificate['key'];
}

function renewedOutput(renewed: RenewedCertificate[]): RenewedOutput[] {
  return renewed.map((item) => ({
    zone: item.zone,
    name: item.name,
    'old-serial': item.oldSerial,
    'new-serial': item.newSerial,
    'old-sha256': item.oldSha256,
    'new-sha256': item.newSha256,
    'old-not-after': item.oldNotAfter.toISOString(),
    'new-not-after': item.newNotAfter.toISOString(),
    key: item.key,
  }));
}

/**
 * Every output, by name. Strings are set as they are (scalars a workflow compares directly, empty
 * when there is nothing); everything else is set as JSON.
 */
export function outputsOf(report: RunReport, warnDays: number): Record<string, unknown> {
  const expiring = expiringOutput(report.rows, warnDays);
  const links = report.links ?? {};
  return {
    certificates: certificatesOutput(report.rows),
    findings: findingsOutput(report.findings),
    expiring,
    uploaded: (report.uploaded ?? []).map((item) => item.id),
    plan: report.plan ?? null,
    errors: report.findings.filter(countsAsError).length,
    warnings: report.findings.filter((finding) => finding.severity === 'warning' && !finding.suppressed)
      .length,
    'expiring-count': expiring.length,
    'comment-url': links.commentUrl ?? '',
    'issue-number': links.issueNumber === undefined ? '' : String(links.issueNumber),
    'issue-url': links.issueUrl ?? '',
    renewed: renewedOutput(report.renewed ?? []),
    // Plain strings, not JSON: a workflow uses them as they are (`gh pr view ${{ … }}`).
    'pull-request-number': report.pullRequest ? String(report.pullRequest.number) : '',
    'pull-request-url': report.pullRequest?.url ?? '',
  };
}
