/**
 * Untrusted text is inert in every Markdown renderer: a subject, name, file name or Cloudflare
 * message that tries a mention, a reference, a link, an image, HTML or a code-fence break renders
 * as text (inside a code span, or escaped), never as what it tries.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings.js';
import { renderComment, type CommentContext } from '../../src/report/comment.js';
import { code, escapeText } from '../../src/report/markdown.js';
import type { CertificateRow, RunReport } from '../../src/report/model.js';
import { renderSummary } from '../../src/report/summary.js';
import { allClearComment, trackingIssueBody } from '../../src/report/tracking-issue.js';
import type { ScanItem } from '../../src/scan/index.js';

const NOW = new Date('2026-11-23T00:00:00Z');
/** Everything a hostile repository or API answer could try, in one string. */
const HOSTILE =
  'x @octocat #1234 GH-77 acme/edge#9 [click](https://evil.example/a) ![img](https://evil.example/i.png) ' +
  '<img src=x onerror=alert(1)> <a href="https://evil.example">a</a> www.evil.example mail@evil.example ' +
  '`@inside` ``@double`` ` unpaired ``` fence | pipe $x^2$ \u202Eevil\u202C \nnew line # heading';
/** The payloads that must not survive outside a code span. */
const ACTIVE = [
  /@octocat/,
  /@double/,
  /#1234/,
  /GH-77/,
  /edge#9/,
  /(^|[^\\])\]\(/,
  /<img/i,
  /<a /i,
  /https:\/\/evil/,
  /www\.evil/,
  /@evil\.example/,
  /\u202E/,
  /(^|[^\\])\$x/,
];

/** Our own links to a file's line: their target holds no character that could end the link early. */
const FILE_LINK = /\]\(https:\/\/github\.com\/acme\/edge\/blob\/b{40}\/[^()\s]*\)/g;

/** Our own links from a rule ID (a code span) to its anchor in docs/rules.md. */
const RULE_LINK =
  /\[`[a-z0-9_.]+`\]\(https:\/\/github\.com\/aop-certs\/aop-certs\/blob\/v1\/docs\/rules\.md#[a-z0-9_.]+\)/g;

/** What GitHub renders as text: the Markdown without its code spans, our own links and the mermaid block. */
function outsideCode(markdown: string): string {
  return markdown
    .replace(/```mermaid\n[\s\S]*?\n```/g, '')
    .replace(FILE_LINK, '')
    .replace(RULE_LINK, '')
    .replace(/`[^`\n]*`/g, '');
}

function expectInert(markdown: string): void {
  const text = outsideCode(markdown);
  for (const pattern of ACTIVE) expect(text, `${pattern} outside a code span`).not.toMatch(pattern);
  expect(markdown).not.toContain('\u202E');
  const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(markdown)?.[1] ?? '';
  expect(mermaid).not.toContain('`');
}

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

const row: CertificateRow = {
  zone: `example.com ${HOSTILE}`,
  name: `app ${HOSTILE}`,
  hostnames: [`app.example.com`, HOSTILE],
  file: `pki/${HOSTILE}.crt`,
  subject: `CN=${HOSTILE}`,
  serial: HOSTILE,
  sha256: 'ab'.repeat(32),
  notBefore: new Date('2026-01-01T00:00:00Z'),
  notAfter: new Date('2026-12-01T00:00:00Z'),
  daysLeft: 8,
  id: HOSTILE,
  status: HOSTILE,
  verdict: 'error',
  action: HOSTILE,
};

const finding: Finding = {
  severity: 'error',
  rule: 'chain.issued_by_ca',
  message: `The certificate names ${HOSTILE} as its issuer; see \`openssl x509 -text\`.`,
  fix: `Write \`basicConstraints=CA:FALSE\` ${HOSTILE}`,
  file: `pki/evil)![x](https://evil.example/i.png)(.crt`,
  line: 3,
  zone: row.zone,
  certificate: row.name,
};

const report: RunReport = {
  command: 'check',
  manifest: `aop-certs.yml ${HOSTILE}`,
  rows: [row],
  findings: [finding, { ...finding, severity: 'warning' }, { ...finding, suppressed: true }],
  notes: [HOSTILE],
  plan: [
    {
      zone: row.zone,
      zoneId: HOSTILE,
      setting: HOSTILE,
      steps: [
        { wave: 1, kind: 'upload', description: HOSTILE, id: HOSTILE, detail: HOSTILE, outcome: 'failed' },
      ],
      writes: 1,
      leftInPlace: [HOSTILE],
      blocked: HOSTILE,
    },
  ],
  uploaded: [{ zone: row.zone, certificate: row.name, id: HOSTILE, hostnames: [HOSTILE] }],
};

const item: ScanItem = {
  rule: 'expiry.warn',
  level: 'critical',
  todo: 'renew',
  zone: row.zone,
  certificate: row.name,
  hostnames: [HOSTILE],
  message: HOSTILE,
  action: `Run \`openssl x509 -req\` ${HOSTILE}`,
};

describe('untrusted text in every renderer', () => {
  it('the PR comment', () => expectInert(renderComment(report, CONTEXT)));
  it('the job summary', () => expectInert(renderSummary(report)));
  it('the tracking issue and its closing comment', () => {
    const context = { manifest: report.manifest, zones: [HOSTILE], now: NOW, warnDays: 30, failDays: 14 };
    expectInert(trackingIssueBody([item], [row], context));
    expectInert(allClearComment([row], context));
  });

  it('a file name cannot end its link and open an image', () => {
    const body = renderComment(report, CONTEXT);
    expect(body).toContain('/pki/evil%29%21%5Bx%5D%28https%3A//evil.example/i.png%29%28.crt#L3)');
  });
});

describe('escapeText', () => {
  it('keeps our own code spans and reads the same', () => {
    expect(escapeText('Write `keyUsage = critical, digitalSignature` on line 3.')).toBe(
      'Write `keyUsage = critical, digitalSignature` on line 3.',
    );
  });

  it('an unpaired backtick leaves the rest escaped, not a code span that swallows the line', () => {
    expect(escapeText('a `b @c')).toBe(`a 'b @\u2060c`);
  });

  it('every kind of backtick run pairs as it reads: each part is code or escaped', () => {
    for (const text of ['``@a`` `@b`', '```@a```', '`@a`` @b `', '\\`@a`', '`\\`@a`']) {
      expect(outsideCode(escapeText(text))).not.toMatch(/@[ab]/);
    }
  });

  it('a code span holds no line break, backtick or bare pipe', () => {
    expect(code('a`b|c\nd')).toBe("`a'b\\|c d`");
  });
});
