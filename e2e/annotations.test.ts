/** Annotations land where the fix is written: a cert.v3.ext line, not the certificate's PEM. */
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf, type Issued } from '../test-support/pki.js';
import { makeRepo } from '../test-support/repo.js';
import { runAction } from '../test-support/runner.js';

const MANIFEST = `version: 1
zones:
  - zone: example.com
    origin-ca: pki/rootca.crt
    certificates:
      - name: app
        certificate: pki/app/cert.crt
        extensions: pki/app/cert.v3.ext
        hostnames: [app.example.com]
`;

/** What the leaf below was signed with: serverAuth only, and no basicConstraints. */
const EXTFILE = [
  '# signed with: openssl x509 -req ... -extfile cert.v3.ext',
  'keyUsage = critical, digitalSignature',
  'extendedKeyUsage = serverAuth',
  'subjectAltName = DNS:app.example.com',
  '',
].join('\n');

let ca: Issued;
let leaf: Issued;

beforeAll(async () => {
  ca = await makeCA();
  leaf = await makeLeaf(ca, { dns: ['app.example.com'], eku: ['serverAuth'], basicConstraints: null });
});

describe('annotations on the extension file', () => {
  it('annotates a certificate finding whose fix is a cert.v3.ext line on that line of the file', async () => {
    const workspace = await makeRepo({
      'aop-certs.yml': MANIFEST,
      'pki/rootca.crt': ca.certPem,
      'pki/app/cert.crt': leaf.certPem,
      'pki/app/cert.v3.ext': EXTFILE,
    });
    const result = await runAction({
      workspace,
      eventName: 'pull_request',
      payload: { number: 3, pull_request: { number: 3, base: { sha: '0'.repeat(40), ref: 'main' } } },
      inputs: { comment: 'false' },
    });
    expect(result.exitCode, result.stdout).toBe(1);
    const byRule = (rule: string) =>
      result.annotations.find((annotation) => annotation.properties.title === `aop-certs ${rule}`);

    // The EKU the file declares is line 3: that is the line to change.
    expect(byRule('eku.client_auth')).toMatchObject({
      level: 'error',
      properties: { file: 'pki/app/cert.v3.ext', line: '3' },
    });
    expect(byRule('eku.client_auth')!.message).toContain('(in pki/app/cert.crt)');
    expect(byRule('eku.client_auth')!.message).toContain('`extendedKeyUsage = clientAuth`');

    // basicConstraints is not declared: the line goes beside the last declared extension.
    const basic = result.annotations.find(
      (annotation) =>
        annotation.message.includes('basicConstraints=CA:FALSE') && annotation.level !== 'notice',
    );
    expect(basic?.properties).toMatchObject({ file: 'pki/app/cert.v3.ext', line: '4' });

    // The findings output still names the certificate the problem is in.
    const findings = JSON.parse(result.outputs.findings!) as { rule: string; file: string }[];
    expect(findings.find((finding) => finding.rule === 'eku.client_auth')!.file).toBe('pki/app/cert.crt');
  });
});
