/** What a scan found, as plain values: one item per thing that needs (or may need) a person. */
import type { RuleId } from '../findings.js';
import type { ManifestCertificate, ManifestZone } from '../manifest/types.js';
import type { RemoteCertificate, ZoneRemote } from '../pipeline/remote-state.js';
import type { CertificateFacts } from '../pki/index.js';
import type { CertificateRow } from '../model.js';

/** `fail-on-scan`: which scan items fail the step (read by settings.ts). */
export type FailOnScan = 'never' | 'warning' | 'critical';

/** critical: breaks or is about to break a hostname; warning: act soon. Either needs a person. */
export type ScanLevel = 'critical' | 'warning';

/** What a person does about an item; the tracking issue groups items by it. */
export type ScanTodo = 'renew' | 'redeploy' | 'remove' | 'investigate';

export interface ScanItem {
  rule: RuleId;
  level: ScanLevel;
  todo: ScanTodo;
  zone: string;
  /** The manifest certificate the item is about, when it is about one. */
  certificate?: string;
  /** Cloudflare's certificate ID, when the item is about a certificate Cloudflare holds. */
  certId?: string;
  hostnames: string[];
  /** What is wrong, in one sentence. */
  message: string;
  /** What to do, in a sentence or two (commands in backticks). */
  action: string;
  /** For annotations: the file and line the item points at. */
  file?: string;
  line?: number;
  /** Expiry date of the certificate the item is about, for the timeline. */
  expiresOn?: Date;
}

export interface ScanPolicy {
  now: Date;
  warnDays: number;
  failDays: number;
  /** The input `delete-replaced` (a zone's own setting wins): what deploy does with leftovers. */
  deleteReplaced?: boolean;
}

/** One manifest certificate as the inventory read it (facts are absent when the file is unusable). */
export interface RepoCertificate {
  certificate: ManifestCertificate;
  facts?: CertificateFacts;
}

export interface ZoneScanInput {
  zone: ManifestZone;
  manifestFile: string;
  repo: RepoCertificate[];
  /** Undefined when the zone was not read (no zone-id, or Cloudflare refused). */
  remote?: ZoneRemote;
  /** Why Cloudflare could not be read for the zone, when it was asked and failed. */
  readError?: string;
}

/** A report row before its verdict, which depends on fail-on-scan. */
export type ScannedRow = Omit<CertificateRow, 'verdict'>;

export interface ZoneScan {
  items: ScanItem[];
  rows: ScannedRow[];
  /** Certificates of others (not signed by origin-ca) that serve no manifest hostname: left alone. */
  othersLeftAlone: number;
}

export type { RemoteCertificate, ZoneRemote };
