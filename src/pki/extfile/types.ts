import type { Finding } from '../../findings.js';

export interface ExtFileOptions {
  /** The `-extensions` section to use; by default the one `openssl x509` picks. */
  section?: string;
  /** Environment for `$ENV::NAME`; none by default, so such references are unresolved. */
  env?: Record<string, string | undefined>;
}

/** One subjectAltName entry; `type` uses @peculiar/x509's names (`url` is URI, `id` is RID, `dn` is dirName). */
export interface SanEntry {
  type: 'dns' | 'ip' | 'email' | 'url' | 'id' | 'dn' | 'otherName';
  value: string;
}

export type KeyIdRequest = 'no' | 'yes' | 'always';

export type DeclaredValue =
  | { kind: 'basicConstraints'; ca: boolean; pathLength?: number }
  /** Bit mask in @peculiar/x509's `KeyUsageFlags` order. */
  | { kind: 'keyUsage'; usages: number }
  | { kind: 'extendedKeyUsage'; oids: string[] }
  /** `copyEmail`/`moveEmail`: `email:copy`/`email:move`, whose entries come from the subject. */
  | { kind: 'subjectAltName'; names: SanEntry[]; copyEmail: boolean; moveEmail: boolean }
  | { kind: 'subjectKeyIdentifier'; method: 'hash' | 'none' | 'hex'; hex?: string }
  | { kind: 'authorityKeyIdentifier'; none: boolean; keyid: KeyIdRequest; issuer: KeyIdRequest }
  /** `DER:` hex of the extension value. */
  | { kind: 'der'; hex: string }
  /** Known to OpenSSL but not interpreted here (`ASN1:` forms, policies, …): presence and criticality only. */
  | { kind: 'opaque' };

export interface DeclaredExtension {
  /** Canonical short name (`keyUsage`), or the OID when OpenSSL has no name for it. */
  name: string;
  oid: string;
  critical: boolean;
  /** 1-based line of the entry in the used section. */
  line: number;
  value: DeclaredValue;
}

export interface ParsedExtFile {
  /** The section openssl would use (`default` for the unnamed one), or null when none resolves. */
  section: string | null;
  extensions: DeclaredExtension[];
  /** Findings with `line` set and no `file`: the caller adds file, zone and certificate. */
  findings: Finding[];
}
