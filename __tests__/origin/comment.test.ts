import { describe, expect, it } from 'vitest';
import { probeSection } from '../../src/origin/findings.js';
import { renderComment } from '../../src/report/comment.js';
import type { RunReport } from '../../src/report/model.js';

describe('origin probes in the PR comment', () => {
  it('carries the probe section with the origin’s answer, as the job summary does', () => {
    const section = probeSection([
      {
        zone: 'example.com',
        certificate: 'app',
        hostname: 'app.example.com',
        origin: { address: '203.0.113.10', port: 443, path: '/' },
        results: [{ probe: 'none', verdict: 'accepted', answer: 'HTTP 200 OK (Server: nginx)' }],
        skipped: [{ probe: 'leaf', why: 'no private key in this job' }],
      },
    ]);
    const report: RunReport = {
      command: 'check',
      manifest: 'aop-certs.yml',
      rows: [],
      findings: [],
      notes: [],
      sections: [section],
    };
    const body = renderComment(report, {
      marker: '<!-- aop-certs:check path=aop-certs.yml -->',
      serverUrl: 'https://github.com',
      owner: 'acme',
      repo: 'edge',
      sha: 'a'.repeat(40),
      now: new Date('2026-12-02T00:00:00Z'),
      warnDays: 30,
      failDays: 14,
    });
    expect(body).toContain('### Origin probes');
    expect(body).toContain('| (a) no client certificate | 🔓 accepted ❌ | HTTP 200 OK (Server: nginx) |');
    expect(body).toContain("| (c) the manifest's leaf | skipped | no private key in this job |");
  });
});
