import { describe, expect, it } from 'vitest';
import type { CertificateRow } from '../../src/report/model.js';
import {
  allClearComment,
  todoSections,
  trackingIssueBody,
  trackingIssueTitle,
  type TrackingContext,
} from '../../src/report/tracking-issue.js';
import type { ScanItem } from '../../src/scan/types.js';
import { inDays, NOW } from './support.js';

const context: TrackingContext = {
  manifest: 'aop-certs.yml',
  zones: [],
  now: NOW,
  warnDays: 30,
  failDays: 14,
};

const item = (todo: ScanItem['todo'], level: ScanItem['level'], message: string): ScanItem => ({
  rule: 'scan.orphan',
  level,
  todo,
  zone: 'example.com',
  certificate: 'app',
  hostnames: [],
  message,
  action: `Do ${todo}.`,
});

const row: CertificateRow = {
  zone: 'example.com',
  name: 'app',
  hostnames: ['app.example.com'],
  file: 'pki/app.crt',
  notBefore: new Date('2026-01-01T00:00:00Z'),
  notAfter: inDays(10),
  daysLeft: 10,
  verdict: 'error',
};

describe('the tracking issue', () => {
  it('counts items in the title, and names the shard', () => {
    const items = [item('renew', 'critical', 'a'), item('remove', 'warning', 'b')];
    expect(trackingIssueTitle(items, context)).toBe('AOP certificates need action: 1 critical, 1 warning');
    expect(trackingIssueTitle(items, { ...context, zones: ['a.com', 'b.com'] })).toBe(
      'AOP certificates need action: 1 critical, 1 warning (zones: a.com, b.com)',
    );
  });

  it('groups what to do by kind of work, critical first, in a fixed order', () => {
    const sections = todoSections([
      item('remove', 'warning', 'orphan'),
      item('redeploy', 'warning', 'drift'),
      item('redeploy', 'critical', 'not served'),
      item('renew', 'critical', 'expiring <soon>'),
    ]);
    expect(sections.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      '### What to do',
      '#### Renew (1)',
      '#### Re-run deploy (2)',
      '#### Remove (1)',
    ]);
    expect(sections.indexOf('not served')).toBeLessThan(sections.indexOf('drift'));
    expect(sections).toContain('- 🔴 **example.com/app**: expiring &lt;soon&gt;<br>→ Do renew.');
    expect(todoSections([])).toBe('');
  });

  it('has an intro, the items and a Mermaid timeline; the marker is added by the GitHub layer', () => {
    const body = trackingIssueBody([item('renew', 'critical', 'expiring')], [row], {
      ...context,
      runUrl: 'https://github.com/acme/edge/actions/runs/7',
    });
    expect(body).toMatch(
      /^The scheduled scan of `aop-certs.yml` on 2026-11-23 \(\[run\]\(https:\/\/github.com\/acme\/edge\/actions\/runs\/7\)\)/,
    );
    expect(body).toContain('### Expiry timeline\n\n```mermaid\ngantt');
    expect(body).toContain(`app :crit, 2026-01-01, ${inDays(10).toISOString().slice(0, 10)}`);
    expect(body).not.toContain('<!--');
  });

  it('closes with a short all-clear comment', () => {
    expect(allClearComment([row], context)).toBe(
      '✅ All clear: the scan of 2026-11-23 found nothing to act on (1 certificate(s) in 1 zone(s)). Closing; a later scan opens a new issue if something needs action again.',
    );
  });
});
