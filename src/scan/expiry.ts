/** Expiry of one certificate against warn-days and fail-days (Cloudflare has no `expired` status). */
import { daysLeft } from '../pki/inspect.js';
import { isoDate } from '../dates.js';
import { RULES } from '../pki/rules.js';
import type { ScanItem, ScanPolicy } from './types.js';

/** The certificate an expiry item is about, and what to do when it is due. */
export interface DatedCertificate {
  label: string;
  notAfter: Date;
  /** Hostnames it serves now (associations enabled or disabled). */
  serving: string[];
  base: Pick<ScanItem, 'zone' | 'certificate' | 'certId' | 'todo' | 'action' | 'file' | 'line'>;
}

function servingClause(serving: string[]): string {
  return serving.length > 0 ? ` It still serves ${serving.join(', ')}.` : '';
}

/** Thresholds as in check's validity lints: critical under fail-days, warning under warn-days. */
export function expiryItem(subject: DatedCertificate, policy: ScanPolicy): ScanItem | undefined {
  const left = daysLeft(subject.notAfter, policy.now);
  const on = isoDate(subject.notAfter);
  const common = { ...subject.base, hostnames: subject.serving, expiresOn: subject.notAfter };
  if (subject.notAfter <= policy.now) {
    return {
      ...common,
      rule: RULES.expiryExpired.id,
      level: 'critical',
      message:
        `${subject.label} expired on ${on}: an origin that verifies client certificates rejects it.` +
        servingClause(subject.serving),
    };
  }
  if (left >= policy.warnDays) return undefined;
  const critical = left < policy.failDays;
  return {
    ...common,
    rule: critical ? RULES.expiryCritical.id : RULES.expiryWarn.id,
    level: critical ? 'critical' : 'warning',
    message:
      `${subject.label} expires on ${on}, in ${left} day${left === 1 ? '' : 's'} ` +
      `(${critical ? `fail-days is ${policy.failDays}` : `warn-days is ${policy.warnDays}`}).` +
      servingClause(subject.serving),
  };
}

/** Cloudflare's `expires_on`, when it sent a readable one. */
export function expiresOn(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
