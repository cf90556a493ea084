/**
 * The answers Cloudflare might give where no source settles what it does (README.md, "Dialects"):
 * one switch per unknown, chosen per emulator instance, so that every flow can be run against
 * each plausible answer and against all of them at once.
 */

export interface Dialect {
  /** `GET …/hostnames` (spec-only) is not served: answered with this status instead. */
  associationList?: 'served' | 404 | 405 | 400;
  /**
   * A voided association reads back with `enabled: false` (not null) while `pending_deletion`
   * and `deleted`, and a re-pointed hostname keeps its old row listed next to the live one.
   */
  voidedRows?: 'null' | 'linger-false';
  /** A deleted certificate answers GET (and DELETE) with 200 and `deleted`, and stays listed. */
  deletedCertificates?: 'vanish' | 'linger';
  /** Certificate-list items association-shaped (one per hostname), with an `id` that is not the certificate's. */
  certificateList?: 'certificate' | 'association';
  /** How a duplicate upload is refused: the emulator's old guess, or the recorded zone-level answer. */
  duplicateUpload?: '409/1220' | '400/1406';
  /** Both lists serve at most this many items a page (Cloudflare's default page is 50). */
  pageSize?: number;
  /** POST, PUT and DELETE answer `success: true` with `result: null`. */
  writeResults?: 'documented' | 'null';
  /** Every answer carries `Ratelimit` and `Ratelimit-Policy` (Cloudflare since 2025-09). */
  rateLimitHeaders?: boolean;
}

export type DialectName = keyof typeof DIALECTS;

/** Page size used by the paged dialects: small, so that every flow crosses pages (the real API pages at 50). */
export const SMALL_PAGE = 2;

export const DIALECTS = {
  default: {},
  'no-list-404': { associationList: 404 },
  'no-list-405': { associationList: 405 },
  'no-list-400': { associationList: 400 },
  'voided-linger': { voidedRows: 'linger-false' },
  'deleted-linger': { deletedCertificates: 'linger' },
  'association-list': { certificateList: 'association' },
  'duplicate-1406': { duplicateUpload: '400/1406' },
  paged: { pageSize: SMALL_PAGE },
  'null-writes': { writeResults: 'null' },
  'ratelimit-headers': { rateLimitHeaders: true },
  all: {
    associationList: 405,
    voidedRows: 'linger-false',
    deletedCertificates: 'linger',
    certificateList: 'association',
    duplicateUpload: '400/1406',
    pageSize: SMALL_PAGE,
    writeResults: 'null',
    rateLimitHeaders: true,
  },
} as const satisfies Record<string, Dialect>;

export function dialectOf(value: Dialect | DialectName | undefined): Required<Dialect> {
  const chosen: Dialect = typeof value === 'string' ? DIALECTS[value] : (value ?? {});
  return {
    associationList: chosen.associationList ?? 'served',
    voidedRows: chosen.voidedRows ?? 'null',
    deletedCertificates: chosen.deletedCertificates ?? 'vanish',
    certificateList: chosen.certificateList ?? 'certificate',
    duplicateUpload: chosen.duplicateUpload ?? '409/1220',
    pageSize: chosen.pageSize ?? 1000,
    writeResults: chosen.writeResults ?? 'documented',
    rateLimitHeaders: chosen.rateLimitHeaders ?? false,
  };
}
