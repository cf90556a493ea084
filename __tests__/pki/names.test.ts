import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf, x509, type CertOptions, type Issued } from '../../test-support/pki.js';
import { check, ofRule } from './support.js';

let ca: Issued;

beforeAll(async () => {
  ca = await makeCA();
});

async function findingsOf(rule: string, options: CertOptions, hostnames = ['app.example.com']) {
  return ofRule((await check(await makeLeaf(ca, options), ca, { hostnames })).findings, rule);
}

const san = (names: x509.JsonGeneralNames): CertOptions => ({
  dns: [],
  extraExtensions: [new x509.SubjectAlternativeNameExtension(names)],
});

describe('san.wellformed', () => {
  it('passes DNS, IP, e-mail and URI entries', async () => {
    const names: x509.JsonGeneralNames = [
      { type: 'dns', value: 'app.example.com' },
      { type: 'dns', value: '*.example.com' },
      { type: 'ip', value: '192.0.2.1' },
      { type: 'email', value: 'ops@example.com' },
      { type: 'url', value: 'https://example.com/' },
    ];
    expect(await findingsOf('san.wellformed', san(names))).toEqual([]);
  });
  it('reports an empty SAN (email:copy without a subject e-mail)', async () => {
    expect(await findingsOf('san.wellformed', san([]))).toMatchObject([
      { severity: 'error', message: /empty/ },
    ]);
  });
  it.each([
    ['a space in a DNS name', { type: 'dns', value: 'app example.com' }],
    ['a wildcard not in the first label', { type: 'dns', value: 'app.*.example.com' }],
    ['a bare wildcard', { type: 'dns', value: '*.com' }],
    ['a leading period', { type: 'dns', value: '.example.com' }],
    ['an e-mail without @', { type: 'email', value: 'ops.example.com' }],
    ['a URI without a scheme', { type: 'url', value: 'example.com/path' }],
  ] as const)('reports %s', async (_name, entry) => {
    expect(await findingsOf('san.wellformed', san([{ ...entry }]))).toMatchObject([
      { severity: 'error', message: /invalid/ },
    ]);
  });
});

describe('san.duplicate', () => {
  it('notes a repeated entry', async () => {
    expect(await findingsOf('san.duplicate', { dns: ['app.example.com', 'APP.example.com'] })).toMatchObject([
      { severity: 'notice' },
    ]);
  });
  it('says nothing about distinct entries', async () => {
    expect(await findingsOf('san.duplicate', { dns: ['app.example.com', 'www.example.com'] })).toEqual([]);
  });
});

describe('subject.hostname', () => {
  it.each([
    ['the common name', { cn: 'app.example.com', dns: [] }],
    ['a SAN entry', { cn: 'App client', dns: ['www.example.com', 'app.example.com'] }],
    ['a wildcard SAN entry', { cn: 'App client', dns: ['*.example.com'] }],
  ])('passes a hostname named by %s', async (_name, options) => {
    expect(await findingsOf('subject.hostname', options)).toEqual([]);
  });
  it('warns when no name matches a mapped hostname, with the line to write', async () => {
    const found = await findingsOf('subject.hostname', { cn: 'other.example.com' }, [
      'app.example.com',
      'www.example.com',
    ]);
    expect(found).toMatchObject([
      { severity: 'warning', fix: /subjectAltName = DNS:app\.example\.com, DNS:www\.example\.com/ },
    ]);
  });
  it('does not let a wildcard cover two labels', async () => {
    expect(
      await findingsOf('subject.hostname', { cn: 'x', dns: ['*.example.com'] }, ['a.b.example.com']),
    ).toHaveLength(1);
  });
});

describe('issuer.public_ca', () => {
  const sct = new x509.Extension('1.3.6.1.4.1.11129.2.4.2', false, new Uint8Array([0x04, 0x00]));
  it('warns when the leaf carries Certificate Transparency timestamps', async () => {
    expect(await findingsOf('issuer.public_ca', { extraExtensions: [sct] })).toMatchObject([
      { severity: 'warning' },
    ]);
  });
  it('says nothing for a private CA', async () => {
    expect(await findingsOf('issuer.public_ca', {})).toEqual([]);
  });
});
