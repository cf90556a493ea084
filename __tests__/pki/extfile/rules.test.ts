import { describe, expect, it } from 'vitest';
import { makeCA, makeLeaf } from '../../../test-support/pki.js';
import { compareExtFile, EXTFILE_RULES, parseExtFile } from '../../../src/pki/extfile/index.js';
import { certificateFromPem } from '../../../src/pki/inspect.js';

describe('EXTFILE_RULES', () => {
  it('lists each rule once, dotted under `extfile.`, with a summary', () => {
    const ids = EXTFILE_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of EXTFILE_RULES) {
      expect(rule.id).toMatch(/^extfile\.[a-z_]+$/);
      expect(rule.summary.length).toBeGreaterThan(10);
    }
  });

  it('covers every rule the parser emits, with the listed severity', () => {
    const severity = new Map<string, string>(EXTFILE_RULES.map((rule) => [rule.id, rule.severity]));
    const samples = [
      'keyUsage = digitalsignature',
      '.pragma dollarid:on',
      'extendedKeyUsage = serverAuth\nextendedKeyUsage = clientAuth',
      'extensions = nowhere',
      '[v3_req]\nbasicConstraints = CA:FALSE',
      '',
    ];
    const findings = samples.flatMap((text) => parseExtFile(text).findings);
    expect(new Set(findings.map((found) => found.rule)).size).toBe(6);
    for (const found of findings) expect(found.severity).toBe(severity.get(found.rule));
  });
});

describe('compareExtFile with the certificate factory', () => {
  it('does not compare a file that does not parse: its parse errors already say what is wrong', async () => {
    const leaf = await makeLeaf(await makeCA());
    const parsed = parseExtFile('basicConstraints = CA:FALSE\nkeyUsage = critical, digitalsignature\n');
    expect(parsed.findings).toHaveLength(1);
    expect(await compareExtFile(parsed, certificateFromPem(leaf.certPem)!)).toEqual([]);
  });

  it('matches the factory leaf when the file says what it has (AKI/SKI not declared)', async () => {
    const ca = await makeCA();
    const leaf = await makeLeaf(ca, { dns: ['app.example.com', 'www.example.com'] });
    const text = [
      'basicConstraints = CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = clientAuth',
      'subjectAltName = DNS:www.example.com, DNS:app.example.com',
    ].join('\n');
    expect(
      await compareExtFile(
        parseExtFile(text),
        certificateFromPem(leaf.certPem)!,
        certificateFromPem(ca.certPem),
      ),
    ).toEqual([]);
  });

  it('a variable from the environment: unresolved without `env`, expanded with it', () => {
    const text = 'subjectAltName = DNS:$ENV::AOP_HOST';
    expect(parseExtFile(text).findings).toEqual([
      expect.objectContaining({ rule: 'extfile.parse', line: 1 }),
    ]);
    expect(parseExtFile(text, { env: { AOP_HOST: 'app.example.com' } }).findings).toEqual([]);
  });

  it('the same extension declared by name and by OID: the later wins, with a warning', () => {
    const parsed = parseExtFile('basicConstraints = CA:FALSE\n2.5.29.19 = DER:30:00\n');
    expect(parsed.extensions).toEqual([expect.objectContaining({ oid: '2.5.29.19', line: 2 })]);
    expect(parsed.findings).toEqual([expect.objectContaining({ rule: 'extfile.duplicate_key', line: 2 })]);
  });
});
