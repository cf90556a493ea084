import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings.js';
import type { RunReport } from '../../src/report/model.js';
import { outputsOf } from '../../src/report/outputs.js';

const finding = (severity: Finding['severity'], suppressed = false): Finding => ({
  severity,
  rule: 'eku.client_auth',
  message: 'm',
  suppressed,
});

const report = (overrides: Partial<RunReport>): RunReport => ({
  command: 'scan',
  manifest: 'aop-certs.yml',
  rows: [],
  findings: [],
  notes: [],
  ...overrides,
});

describe('scalar outputs', () => {
  it('counts errors and warnings that are not suppressed, and certificates within warn-days', () => {
    const row = (daysLeft: number) => ({
      zone: 'z',
      name: `c${daysLeft}`,
      hostnames: [],
      file: 'f',
      daysLeft,
      verdict: 'ok' as const,
    });
    const outputs = outputsOf(
      report({
        findings: [
          finding('error'),
          finding('error', true),
          finding('warning'),
          finding('warning'),
          finding('notice'),
        ],
        rows: [row(3), row(29), row(30), row(400)],
      }),
      30,
    );
    expect(outputs).toMatchObject({ errors: 1, warnings: 2, 'expiring-count': 2 });
  });

  it('carries the comment and issue the run wrote, and empty strings when it wrote none', () => {
    expect(outputsOf(report({}), 30)).toMatchObject({
      'comment-url': '',
      'issue-number': '',
      'issue-url': '',
    });
    const links = {
      commentUrl: 'https://x/pull/1#issuecomment-2',
      issueNumber: 7,
      issueUrl: 'https://x/issues/7',
    };
    expect(outputsOf(report({ links }), 30)).toMatchObject({
      'comment-url': links.commentUrl,
      'issue-number': '7',
      'issue-url': links.issueUrl,
    });
  });
});
