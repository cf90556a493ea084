import type { Finding } from '../../src/findings.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, makeCA, makeLeaf, x509, type Issued } from '../../test-support/pki.js';
import { decodeCaBundle, issuingCaOf } from '../../src/pki/index.js';
import { bytesOf, CA_PATH, check, ofRule, summary } from './support.js';

let root: Issued;

beforeAll(async () => {
  root = await makeCA({ cn: 'Example Root' });
});

const chainRules = (findings: Finding[]): Finding[] =>
  findings.filter((finding) => finding.rule.startsWith('chain.'));

describe('issuance by origin-ca', () => {
  it('passes a leaf signed by the root in origin-ca', async () => {
    const result = await check(await makeLeaf(root), root);
    expect(chainRules(result.findings)).toEqual([]);
    expect(result.facts?.issuedByOriginCa).toBe(true);
  });

  it('reports a leaf from another CA (nginx error 20/21)', async () => {
    const other = await makeCA({ cn: 'Other CA' });
    const result = await check(await makeLeaf(other), root);
    expect(summary(chainRules(result.findings))).toEqual(['chain.issued_by_ca:error']);
    expect(result.findings[0]!.message).toMatch(/not issued by a CA in origin-ca/);
    expect(result.facts?.issuedByOriginCa).toBe(false);
  });

  it('checks the signature, not the name: a different CA with the same name is caught', async () => {
    const impostor = await makeCA({ cn: 'Example Root' });
    const result = await check(await makeLeaf(impostor), root);
    expect(ofRule(result.findings, 'chain.issued_by_ca')).toMatchObject([{ message: /does not verify/ }]);
  });

  it('reports a key identifier that does not match the signing CA', async () => {
    const stranger = await makeCA();
    const aki = await x509.AuthorityKeyIdentifierExtension.create(stranger.keys.publicKey);
    const leaf = await makeLeaf(root, { aki: false, extraExtensions: [aki] });
    expect(ofRule((await check(leaf, root)).findings, 'chain.issued_by_ca')).toMatchObject([
      { message: /authority key identifier/ },
    ]);
  });

  it('reports a signer that is not a CA', async () => {
    const notCa = await makeCA({ basicConstraints: { ca: false } });
    const result = await check(await makeLeaf(notCa), notCa);
    expect(ofRule(result.findings, 'chain.issued_by_ca')).toMatchObject([{ message: /not a CA/ }]);
  });

  describe('with an intermediate', () => {
    it('passes when origin-ca holds the intermediate and the root', async () => {
      const intermediate = await makeCA({ cn: 'Intermediate', issuer: root });
      const leaf = await makeLeaf(intermediate);
      const result = await check(leaf, intermediate.certPem + root.certPem);
      expect(chainRules(result.findings)).toEqual([]);
    });

    it('reports origin-ca without the root (nginx error 2)', async () => {
      const intermediate = await makeCA({ cn: 'Intermediate', issuer: root });
      const result = await check(await makeLeaf(intermediate), intermediate);
      expect(ofRule(result.findings, 'chain.issued_by_ca')).toMatchObject([
        { message: /does not hold the root/ },
      ]);
    });

    it('reports an intermediate whose EKU excludes clientAuth (nginx error 26 at depth 1)', async () => {
      const intermediate = await makeCA({ cn: 'Intermediate', issuer: root, eku: ['serverAuth'] });
      const result = await check(await makeLeaf(intermediate), intermediate.certPem + root.certPem);
      expect(summary(chainRules(result.findings))).toEqual(['chain.ca_eku:error']);
      expect(result.findings[0]).toMatchObject({ file: CA_PATH, line: 1 });
      expect(result.findings[0]!.message).toMatch(/depth 1/);
    });

    it('accepts an intermediate whose EKU includes clientAuth', async () => {
      const intermediate = await makeCA({
        cn: 'Intermediate',
        issuer: root,
        eku: ['serverAuth', 'clientAuth'],
      });
      const result = await check(await makeLeaf(intermediate), intermediate.certPem + root.certPem);
      expect(chainRules(result.findings)).toEqual([]);
    });
  });

  it('reports an expired CA on the path', async () => {
    const expired = await makeCA({
      notBefore: new Date(Date.now() - 400 * DAY_MS),
      notAfter: new Date(Date.now() - DAY_MS),
    });
    const leaf = await makeLeaf(expired);
    expect(ofRule((await check(leaf, expired)).findings, 'chain.ca_valid')).toMatchObject([
      { message: /expired/ },
    ]);
  });
});

describe('decodeCaBundle', () => {
  it('lists each CA with its line', async () => {
    const intermediate = await makeCA({ cn: 'Intermediate', issuer: root });
    const { certs, findings } = decodeCaBundle({
      path: CA_PATH,
      bytes: bytesOf(intermediate.certPem + root.certPem),
    });
    expect(findings).toEqual([]);
    expect(certs.map((cert) => [cert.subject, cert.selfSigned, cert.line])).toEqual([
      ['CN=Intermediate', false, 1],
      ['CN=Example Root', true, intermediate.certPem.trimEnd().split('\n').length + 1],
    ]);
  });

  it('reports a file with no certificate and a CA private key', async () => {
    const { certs, findings } = decodeCaBundle(
      { path: CA_PATH, bytes: bytesOf(root.keyPem) },
      { zone: 'example.com' },
    );
    expect(certs).toEqual([]);
    expect(summary(findings).sort()).toEqual(['input.single_cert:error', 'secret.plaintext_key:error']);
    expect(findings[0]).toMatchObject({ file: CA_PATH, zone: 'example.com' });
  });
});

describe('ca.hygiene', () => {
  const hygiene = async (ca: Issued) =>
    ofRule(decodeCaBundle({ path: CA_PATH, bytes: bytesOf(ca.certPem) }).findings, 'ca.hygiene');

  it('passes a CA with critical CA:TRUE, critical keyCertSign and an SKI', async () => {
    expect(await hygiene(root)).toEqual([]);
  });
  it('warns on the recipe root, which has no keyUsage (strict verifiers: error 92)', async () => {
    expect(await hygiene(await makeCA({ keyUsage: null }))).toMatchObject([
      { severity: 'warning', line: 1, message: /no keyUsage/, fix: /keyUsage=critical,keyCertSign/ },
    ]);
  });
  it('warns on a non-critical basicConstraints and a missing SKI', async () => {
    const sloppy = await makeCA({ basicConstraints: { ca: true, critical: false }, ski: false });
    expect(await hygiene(sloppy)).toMatchObject([
      { message: /not critical; it has no subject key identifier/ },
    ]);
  });
  it('warns on a leaf in the origin-ca file', async () => {
    expect(await hygiene(await makeLeaf(root))).toMatchObject([{ message: /not a CA/ }]);
  });
});

describe('issuingCaOf', () => {
  it('names the CA that signed a certificate, by signature: the ownership test', async () => {
    const intermediate = await makeCA({ cn: 'Intermediate', issuer: root });
    const bundle = bytesOf(intermediate.certPem + root.certPem);
    const [intermediateFacts, rootFacts] = decodeCaBundle({ path: CA_PATH, bytes: bundle }).certs;
    expect(issuingCaOf((await makeLeaf(intermediate)).certPem, bundle)).toBe(intermediateFacts!.sha256);
    expect(issuingCaOf((await makeLeaf(root)).certPem, bundle)).toBe(rootFacts!.sha256);
    expect(
      issuingCaOf((await makeLeaf(await makeCA({ cn: 'Example Root' }))).certPem, bundle),
    ).toBeUndefined();
    expect(issuingCaOf('not a certificate', bundle)).toBeUndefined();
  });
});
