import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SNIPPETS, snippetFix } from '../../src/origin/snippets.js';

describe('origin snippets', () => {
  it('docs/origin-setup.md quotes each snippet the test servers run, under its anchor', async () => {
    const docs = await readFile(new URL('../../docs/origin-setup.md', import.meta.url), 'utf8');
    const sections = docs.split('\n### ').slice(1);
    for (const [server, snippet] of Object.entries(SNIPPETS)) {
      const section = sections.find((text) => text.toLowerCase().startsWith(`${server}\n`));
      expect(section, `a "### ${server}" heading`).toBeDefined();
      expect(section, server).toContain(`\n${snippet.text}\n\`\`\``);
    }
  });

  it("a fix shows the answering server's snippet with the zone's origin-ca, else points at the docs", () => {
    expect(snippetFix('nginx', 'pki/rootca.crt')).toBe(
      'nginx answered: in the `server { listen 443 ssl; … }` block of each proxied hostname, write `ssl_client_certificate pki/rootca.crt; ssl_verify_client on; ssl_verify_depth 2;` (with pki/rootca.crt copied to the origin; docs/origin-setup.md#nginx).',
    );
    expect(snippetFix(undefined, 'pki/rootca.crt')).toContain('docs/origin-setup.md has tested snippets');
  });
});
