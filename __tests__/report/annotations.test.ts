import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings.js';
import { annotationsFor } from '../../src/report/annotations.js';

const finding = (severity: Finding['severity'], index: number): Finding => ({
  severity,
  rule: 'leaf.not_ca',
  message: `problem ${index}`,
  fix: 'do this',
  file: `f${index}.crt`,
  line: index + 1,
});

describe('annotationsFor', () => {
  it('annotates every finding while there are at most 10 of a kind', () => {
    const annotations = annotationsFor(Array.from({ length: 10 }, (_, index) => finding('error', index)));
    expect(annotations).toHaveLength(10);
    expect(annotations[3]).toEqual({
      level: 'error',
      title: 'aop-certs leaf.not_ca',
      message: 'problem 3 Fix: do this',
      file: 'f3.crt',
      line: 4,
    });
  });

  it('past 10 of a kind shows 9 and one that counts the rest, per kind', () => {
    const findings = [
      ...Array.from({ length: 25 }, (_, index) => finding('warning', index)),
      finding('error', 99),
    ];
    const annotations = annotationsFor(findings);
    const warnings = annotations.filter((annotation) => annotation.level === 'warning');
    expect(warnings).toHaveLength(10);
    expect(warnings[9]!.message).toMatch(/^16 more warning findings/);
    expect(annotations.filter((annotation) => annotation.level === 'error')).toHaveLength(1);
  });

  it('does not annotate suppressed findings', () => {
    expect(annotationsFor([{ ...finding('error', 1), suppressed: true }])).toEqual([]);
  });
});

describe('annotations where the fix is', () => {
  it("puts a finding whose fix is a cert.v3.ext line on that line, naming the certificate's file", () => {
    const [annotation] = annotationsFor([
      {
        severity: 'error',
        rule: 'eku.client_auth',
        message: 'No clientAuth.',
        fix: 'Write this line in cert.v3.ext and re-issue: `extendedKeyUsage = clientAuth`.',
        file: 'pki/app.crt',
        line: 1,
        fixAt: { file: 'pki/app.v3.ext', line: 4 },
      },
    ]);
    expect(annotation).toMatchObject({ file: 'pki/app.v3.ext', line: 4 });
    expect(annotation!.message).toContain('No clientAuth. (in pki/app.crt) Fix: Write this line');
  });
});
