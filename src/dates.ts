/** A date as people read it in reports and messages: `2026-11-23` (UTC). */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
