/** The planner's inputs and its Plan: plain values, computed by the caller (manifest, inventory, pki, cloudflare). */
import type { Finding } from '../findings.js';

/** One certificate of the manifest, as the inventory validated it. */
export interface DesiredCertificate {
  /** The certificate's `name` in the manifest. */
  name: string;
  /** Lowercase hex SHA-256 of the leaf's DER. */
  sha256: string;
  hostnames: string[];
  notAfter: Date;
  /** SHA-256 of the origin CA certificate the leaf chains to; unknown when it chains to none. */
  caId?: string;
  /** Who signed the leaf (its issuer name and authority key identifier). */
  issuer?: IssuerIdentity;
  /** A private key is available, so the certificate can be uploaded. */
  hasKey: boolean;
  /** The leaf's path relative to the repository root, for findings. */
  file?: string;
}

/**
 * One hostname certificate as Cloudflare holds it, with what the action decided about it: the one
 * model of a remote certificate that the client's reads become and that plan, apply and scan read.
 */
export interface RemoteCertificate {
  id: string;
  /** An `AopStatus`, or whatever new value Cloudflare sends; `src/plan/statuses.ts` says what each means. */
  status: string;
  certificatePem?: string;
  /** Lowercase hex SHA-256 of the DER of the returned PEM; unknown when no PEM came back. */
  sha256?: string;
  /** Cloudflare's `expires_on`, as sent. */
  expiresOn?: string;
  /** `expiresOn`, read as a date. */
  notAfter?: Date;
  serialNumber?: string;
  issuer?: string;
  signature?: string;
  uploadedOn?: string;
  /** It verifies under the zone's `origin-ca`: only these are ever replaced or deleted. */
  owned: boolean;
  /** When owned: SHA-256 of the origin CA certificate it chains to. */
  caId?: string;
  /** The DNS names in the certificate (SAN, else CN), lowercase; unknown when no PEM came back. */
  names?: string[];
  /** Who signed it, read from the PEM Cloudflare returns; unknown when no PEM came back. */
  issuerIdentity?: IssuerIdentity;
}

/**
 * The CA that signed a leaf, as the leaf itself says: what an origin that trusts one CA checks.
 * Read from the certificates (the one Cloudflare serves, the one the manifest names), never from
 * the `origin-ca` file, which the same change can replace.
 */
export interface IssuerIdentity {
  /** The issuer's distinguished name, for people. */
  name: string;
  /** Compared for equality: the issuer name's DER and the authority key identifier, when present. */
  key: string;
}

export interface RemoteAssociation {
  hostname: string;
  certId?: string;
  /** true: enabled; false: disabled but kept (still blocks deletion); null: voided. */
  enabled: boolean | null;
  status?: string;
}

export interface PlanOptions {
  /**
   * Delete an owned certificate once nothing references it any more because this plan re-pointed
   * its hostnames, and any owned certificate the manifest no longer names that no hostname holds
   * (what an interrupted rotation leaves behind).
   */
  deleteReplaced: boolean;
  /** Remove owned associations of hostnames the manifest does not list and owned certificates it does not name. */
  prune: boolean;
  /** Hostname certificates a zone can hold; default 10 (Cloudflare's documented limit). */
  maxCertificates?: number;
  /**
   * A needed upload without a key is an error (deploy, the default); false makes it a notice
   * (check on a pull request, where jobs get no keys).
   */
  keysRequired?: boolean;
}

export interface ZoneInput {
  zone: string;
  zoneId: string;
  /** The zone's `ca-rollover: true`: the origin trusts both CAs, so hostnames may move between them. */
  caRollover: boolean;
  desired: DesiredCertificate[];
  remote: {
    certificates: RemoteCertificate[];
    /** Every association, voided ones included (`status=all`). */
    associations: RemoteAssociation[];
    /** The zone-level AOP setting; null when Cloudflare does not say. */
    settingEnabled: boolean | null;
    /** Global AOP (`tls_client_auth`); null or absent when not read (the token may not). */
    globalEnabled?: boolean | null;
    /**
     * false when Cloudflare does not serve the association list and only the manifest's hostnames
     * and those named in the certificates were read: a hostname outside them may hold any
     * certificate, so nothing is deleted for holding no hostname. Default true.
     */
    associationsComplete?: boolean;
  };
  options: PlanOptions;
  /** The manifest's path relative to the repository root, for zone-level findings. */
  manifestFile?: string;
}

/**
 * What the origin gets for a hostname whose association is removed. Per-hostname AOP wins over
 * zone-level AOP, which wins over global AOP (`tls_client_auth`, Cloudflare's shared certificate):
 * the zone-level certificate, else the global one, else none; `global-unknown`: the zone setting is
 * off and global AOP could not be read; `unknown`: the zone setting could not be read.
 */
export type Fallback = 'zone-certificate' | 'global-certificate' | 'none' | 'global-unknown' | 'unknown';

export type DeleteReason =
  /** Its hostnames now point at the certificates listed in `replacedBy`. */
  | 'replaced'
  /** Owned, and the manifest no longer names it (prune). */
  | 'pruned'
  /** A failed earlier upload (`*_timed_out`) of a certificate this plan uploads again. */
  | 'failed-upload'
  /** Owned, serving no hostname, and the manifest no longer names it: what an interrupted rotation left (delete-replaced). */
  | 'leftover';

export interface PreviousAssociation {
  hostname: string;
  /** Absent: the hostname had no association. */
  certId?: string;
  /** false: the association was there but disabled. */
  enabled?: boolean;
}

/**
 * One step of a plan. Every kind but `reuse` is exactly one API write.
 * Apply runs waves in order; within a wave, steps in array order (uploads, then associations, then
 * removals, then deletions), and a wave's deletions reach `deleted` before the next wave uploads.
 */
export type Step =
  | { kind: 'upload'; wave: number; certificate: string; sha256: string; notAfter: Date }
  /** Not a write: the certificate is already in Cloudflare; apply waits for it to be `active`. */
  | { kind: 'reuse'; wave: number; certificate: string; id: string; status: string }
  | {
      kind: 'associate';
      wave: number;
      certificate: string;
      /** Known when the certificate is reused; else the ID its upload step returns. */
      certId?: string;
      hostnames: string[];
      previous: PreviousAssociation[];
    }
  /** `PUT …/hostnames` with `enabled: null` and `cert_id` for each hostname. */
  | { kind: 'disassociate'; wave: number; certId: string; hostnames: string[]; fallback: Fallback }
  | {
      kind: 'delete';
      wave: number;
      id: string;
      reason: DeleteReason;
      replacedBy: string[];
      /** It serves no hostname (an earlier rotation's remains): nothing waits for its deletion. */
      leftover?: boolean;
    };

/** Something in Cloudflare the plan leaves as it is, and why. */
export interface LeftInPlace {
  certId: string;
  /** Set when it is one hostname's association, not the certificate, that is left. */
  hostname?: string;
  owned: boolean;
  reason: string;
}

export interface ZonePlan {
  zone: string;
  zoneId: string;
  settingEnabled: boolean | null;
  steps: Step[];
  /** API writes the steps make. */
  writes: number;
  /** Each manifest certificate and its ID in Cloudflare when it is already there (else its upload makes one). */
  certificates: { name: string; id?: string }[];
  /** Errors here mean the plan must not be applied. */
  problems: Finding[];
  untouched: LeftInPlace[];
}
