import { describe, expect, it } from 'vitest';
import { useGitHubEmulator } from './harness.js';

describe('redaction of what is sent to GitHub', () => {
  const harness = useGitHubEmulator();

  it('applies the redactor to comment and issue texts before they leave the process', async () => {
    const secret = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC';
    const github = harness.client({ redact: (text) => text.split(secret).join('***') });
    harness.repo.addPullRequest({
      number: 1,
      head: { ref: 'x', sha: 'a'.repeat(40) },
      base: { ref: 'main' },
    });
    await github.upsertStickyComment(1, '<!-- aop-certs:test -->', `an error quoting ${secret} somewhere`);
    await github.upsertTrackingIssue({
      marker: '<!-- aop-certs:t -->',
      title: `t ${secret}`,
      body: `b ${secret}`,
    });
    const sent = harness.emulator.requests.map((request) => request.body).join('\n');
    expect(sent).not.toContain(secret);
    expect(harness.repo.commentsOn(1)[0]!.body).toContain('an error quoting *** somewhere');
    const again = await github.upsertStickyComment(
      1,
      '<!-- aop-certs:test -->',
      `an error quoting ${secret} somewhere`,
    );
    expect(again.action).toBe('unchanged');
  });
});
