/** What a run found and did, as plain data: every report (summary, comment, outputs) renders this. */
import type { CertificateRow } from '../model.js';
import type { Finding } from '../findings.js';

export type { CertificateRow, Verdict } from '../model.js';
export { verdictOf } from '../model.js';

export interface PlannedStep {
  wave: number;
  kind: string;
  description: string;
  /** Set when the plan was applied (deploy); `held`: left on purpose, its certificate waits for the origin. */
  outcome?: 'done' | 'failed' | 'not-run' | 'held';
  /** The certificate ID an upload made or a reuse found. */
  id?: string;
  detail?: string;
}

/** One zone's plan as the reports show it (and the `plan` output carries it). */
export interface ZonePlanReport {
  zone: string;
  zoneId: string;
  setting: string;
  steps: PlannedStep[];
  writes: number;
  /** What the plan leaves in Cloudflare as it is, and why. */
  leftInPlace: string[];
  /** Why the plan was not applied, or where applying it stopped. */
  blocked?: string;
  /** Certificates that wait for their origin while the rest of the zone goes ahead, one sentence each. */
  held?: string[];
}

export interface UploadedCertificate {
  zone: string;
  certificate: string;
  id: string;
  notAfter?: Date;
  hostnames: string[];
  /** Uploaded, but held for the origin: no hostname points at it yet. */
  held?: boolean;
}

/** One certificate a renewal proposes to replace, old and new (the `renewed` output). */
export interface RenewedCertificate {
  zone: string;
  name: string;
  oldSerial: string;
  newSerial: string;
  oldSha256: string;
  newSha256: string;
  oldNotAfter: Date;
  newNotAfter: Date;
  /** `new`: a new key, committed encrypted; `same`: the same public key (its key is held elsewhere). */
  key: 'new' | 'same';
}

/** The pull request a renew or import run opened or updated. */
export interface ProposedPullRequest {
  number: number;
  url: string;
  action: 'created' | 'updated' | 'unchanged';
}

export interface RunReport {
  command: 'check' | 'deploy' | 'scan' | 'verify-origin' | 'renew' | 'import';
  manifest: string;
  rows: CertificateRow[];
  findings: Finding[];
  /** Sentences for the reader that are not findings (e.g. why no plan was computed). */
  notes: string[];
  /** Markdown sections the command adds to the job summary after the tables (scan: what to do, the timeline). */
  sections?: string[];
  /** When a plan was computed (check with credentials, deploy). */
  plan?: ZonePlanReport[];
  /** Certificates this run uploaded (deploy). */
  uploaded?: UploadedCertificate[];
  /** Where this run wrote on GitHub, so a workflow can link to it (the outputs carry these). */
  links?: RunLinks;
  /** renew (and scan with renew): the certificates the pull request replaces. */
  renewed?: RenewedCertificate[];
  /** renew and import: the pull request opened or updated. */
  pullRequest?: ProposedPullRequest;
}

export interface RunLinks {
  /** The PR comment this run created, updated or found unchanged. */
  commentUrl?: string;
  /** The tracking issue this scan opened, updated or closed. */
  issueNumber?: number;
  issueUrl?: string;
}
