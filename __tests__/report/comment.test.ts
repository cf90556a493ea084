import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings.js';
import { COMMENT_LIMIT, renderComment, type CommentContext } from '../../src/report/comment.js';
import type { CertificateRow, RunReport } from '../../src/report/model.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const CONTEXT: CommentContext = {
  marker: '<!-- aop-certs:check path=aop-certs.yml -->',
  serverUrl: 'https://github.com',
  owner: 'acme',
  repo: 'edge',
  sha: 'b'.repeat(40),
  now: NOW,
  warnDays: 30,
  failDays: 14,
};

function row(name: string, daysLeft: number): CertificateRow {
  return {
    zone: 'example.com',
    name,
    hostnames: [`${name}.example.com`],
    file: `pki/${name}.crt`,
    subject: `CN=${name}.example.com`,
    serial: '0a1b',
    sha256: 'ab'.repeat(32),
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date(NOW.getTime() + daysLeft * 86_400_000),
    daysLeft,
    verdict: daysLeft <= 14 ? 'error' : 'ok',
  };
}

function finding(index: number, severity: Finding['severity'] = 'warning'): Finding {
  return {
    severity,
    rule: 'subject.hostname',
    message: `Finding number ${index} with some words to make it long enough to matter. `.repeat(3),
    fix: 'Do the thing that fixes it.',
    file: `pki/c${index}.crt`,
    line: 1,
    zone: 'example.com',
    certificate: `c${index}`,
  };
}

const report = (rows: CertificateRow[], findings: Finding[]): RunReport => ({
  command: 'check',
  manifest: 'aop-certs.yml',
  rows,
  findings,
  notes: [],
});

describe('renderComment', () => {
  it('has the verdict, a table row per certificate, linked findings, a gantt and the marker last', () => {
    const body = renderComment(report([row('app', 200), row('soon', 5)], [finding(1, 'error')]), CONTEXT);
    expect(body.split('\n')[0]).toBe('### aop-certs check: ❌ failed (1 error, 0 warnings)');
    expect(body).toContain(
      '| ❌ | soon | `soon.example.com` | `CN=soon.example.com` | `0a1b` | `abababab…abababab` |',
    );
    expect(body).toContain(
      '[`pki/c1.crt:1`](https://github.com/acme/edge/blob/' + 'b'.repeat(40) + '/pki/c1.crt#L1)',
    );
    expect(body).toContain(
      '([`subject.hostname`](https://github.com/aop-certs/aop-certs/blob/v1/docs/rules.md#subject.hostname))',
    );
    expect(body).toMatch(
      /```mermaid\ngantt[\s\S]*today 2026-11-23 :milestone, 2026-11-23, 0d[\s\S]*soon :crit, 2026-01-01, 2026-11-28/,
    );
    expect(body.trimEnd().endsWith(CONTEXT.marker)).toBe(true);
  });

  it('folds long groups of findings but keeps errors open', () => {
    const body = renderComment(
      report([row('app', 200)], [...Array.from({ length: 8 }, (_, i) => finding(i)), finding(99, 'error')]),
      CONTEXT,
    );
    expect(body).toContain('<details open><summary>❌ Errors (1)</summary>');
    expect(body).toContain('<details><summary>⚠️ Warnings (8)</summary>');
  });

  it('stays under GitHub’s limit by cutting findings with a note, never dropping the marker', () => {
    const many = Array.from({ length: 3000 }, (_, index) => finding(index));
    const body = renderComment(report([row('app', 200)], many), CONTEXT);
    expect(body.length).toBeLessThan(COMMENT_LIMIT);
    expect(body).toMatch(/… and \d+ more: the job summary lists them all\./);
    expect(body).toContain('| ✅ | app |');
    expect(body.trimEnd().endsWith(CONTEXT.marker)).toBe(true);
  });

  it('cuts table rows too when there are very many certificates', () => {
    const rows = Array.from({ length: 2000 }, (_, index) => row(`c${index}`, 100));
    const body = renderComment(report(rows, []), CONTEXT);
    expect(body.length).toBeLessThan(COMMENT_LIMIT);
    expect(body).toMatch(/… and \d+ more certificates: the job summary lists them all\./);
  });
});
