/**
 * Against the real thing: certificates signed by `openssl x509 -req -extfile` (the seed's command),
 * then parsed and compared. Also checks that the parser accepts exactly what openssl accepts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareExtFile, parseExtFile } from '../../../src/pki/extfile/index.js';
import { certificateFromPem, type InspectedCertificate } from '../../../src/pki/inspect.js';
import type { Finding } from '../../../src/findings.js';

const SEED = 'basicConstraints=CA:FALSE\n';
const FULL = [
  'authorityKeyIdentifier=keyid,issuer',
  'basicConstraints=CA:FALSE',
  'keyUsage = digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment',
  'extendedKeyUsage = clientAuth',
  'subjectAltName = @alt_names',
  '',
  '[alt_names]',
  'DNS.1 = app.example.com',
  '',
].join('\n');

let dir: string;
let ca: InspectedCertificate;
let otherCa: InspectedCertificate;
let counter = 0;

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

interface SignOptions {
  extra?: string[];
  caName?: string;
  csr?: string;
}

/** Signs a CSR with `extText` as the -extfile; returns the certificate, or null when openssl refuses. */
function sign(extText: string, { extra = [], caName = 'rootca', csr = 'app.csr' }: SignOptions = {}) {
  const id = ++counter;
  writeFileSync(join(dir, `${id}.ext`), extText);
  const result = spawnSync(
    'openssl',
    ['x509', '-req', '-in', csr, '-CA', `${caName}.crt`, '-CAkey', `${caName}.key`, '-CAcreateserial'].concat(
      ['-out', `${id}.crt`, '-days', '30', '-sha256', '-extfile', `${id}.ext`, ...extra],
    ),
    { cwd: dir, encoding: 'utf8' },
  );
  return result.status === 0 ? certificateFromPem(readFileSync(join(dir, `${id}.crt`), 'utf8'))! : null;
}

function signed(extText: string, options: SignOptions = {}): InspectedCertificate {
  const cert = sign(extText, options);
  if (!cert) throw new Error(`openssl refused ${JSON.stringify(extText)}`);
  return cert;
}

const brief = (findings: Finding[]): Array<[string, number | undefined]> =>
  findings.map((found) => [found.rule, found.line]);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aop-extfile-'));
  for (const name of ['rootca', 'otherca']) {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '30',
      '-subj',
      `/CN=${name}.example.com`,
    );
  }
  openssl(
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'app.key',
    '-out',
    'app.csr',
    '-subj',
    '/CN=app.example.com',
  );
  ca = certificateFromPem(readFileSync(join(dir, 'rootca.crt'), 'utf8'))!;
  otherCa = certificateFromPem(readFileSync(join(dir, 'otherca.crt'), 'utf8'))!;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('compareExtFile against certificates openssl signed', () => {
  it('the seed file and the §6 file each agree with the certificate they signed', async () => {
    for (const text of [SEED, FULL]) {
      expect(await compareExtFile(parseExtFile(text), signed(text), ca)).toEqual([]);
    }
  });

  it('the §6 file against a certificate signed with the seed file: each missing extension at its line', async () => {
    const findings = await compareExtFile(parseExtFile(FULL), signed(SEED), ca);
    expect(brief(findings)).toEqual([
      ['extfile.mismatch', 3],
      ['extfile.mismatch', 4],
      ['extfile.mismatch', 5],
    ]);
    expect(findings[0]?.message).toContain('`keyUsage`');
    expect(findings[0]?.fix).toContain('delete line 3');
  });

  it('the seed file against the §6 certificate: the extensions it does not declare, but not SKI/AKI', async () => {
    const findings = await compareExtFile(parseExtFile(SEED), signed(FULL), ca);
    expect(findings.map((found) => [found.rule, found.severity])).toEqual([
      ['extfile.undeclared', 'warning'],
      ['extfile.undeclared', 'warning'],
      ['extfile.undeclared', 'warning'],
    ]);
    expect(findings.map((found) => found.fix)).toEqual([
      'Declare it with `keyUsage = digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment`, or re-sign the certificate without it.',
      'Declare it with `extendedKeyUsage = clientAuth`, or re-sign the certificate without it.',
      'Declare it with `subjectAltName = DNS:app.example.com`, or re-sign the certificate without it.',
    ]);
  });

  it('a different criticality or value: a mismatch whose fix is the line that matches the certificate', async () => {
    const cert = signed('keyUsage = digitalSignature\nextendedKeyUsage = serverAuth\n');
    const findings = await compareExtFile(
      parseExtFile('keyUsage = critical, digitalSignature\nextendedKeyUsage = clientAuth\n'),
      cert,
      ca,
    );
    expect(brief(findings)).toEqual([
      ['extfile.mismatch', 1],
      ['extfile.mismatch', 2],
    ]);
    expect(findings[0]?.message).toContain('critical');
    expect(findings[0]?.fix).toContain('write `keyUsage = digitalSignature` on line 1');
    expect(findings[1]?.message).toContain('also has serverAuth');
    expect(findings[1]?.message).toContain('lacks clientAuth');
    expect(findings[1]?.fix).toContain('write `extendedKeyUsage = serverAuth` on line 2');
  });

  it('extra key usage bits and a CA flag are mismatches', async () => {
    const cert = signed(
      'basicConstraints = critical, CA:TRUE\nkeyUsage = critical, digitalSignature, keyCertSign\n',
    );
    const findings = await compareExtFile(
      parseExtFile('basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\n'),
      cert,
      ca,
    );
    expect(brief(findings)).toEqual([
      ['extfile.mismatch', 1],
      ['extfile.mismatch', 2],
    ]);
    expect(findings[1]?.message).toContain('also has keyCertSign');
  });

  it('the v1 trap: the certificate has no extensions; one finding says to re-sign with the section', async () => {
    const text = '[ v3_req ]\nbasicConstraints=CA:FALSE\nextendedKeyUsage = clientAuth\n';
    const cert = signed(text);
    expect(cert.extensions).toEqual([]);
    expect(rules(parseExtFile(text))).toEqual(['extfile.no_extensions_section']);
    const findings = await compareExtFile(parseExtFile(text, { section: 'v3_req' }), cert, ca);
    expect(brief(findings)).toEqual([['extfile.mismatch', 2]]);
    expect(findings[0]?.fix).toContain('-extensions v3_req');
    expect(
      await compareExtFile(
        parseExtFile(text, { section: 'v3_req' }),
        signed(text, { extra: ['-extensions', 'v3_req'] }),
        ca,
      ),
    ).toEqual([]);
  });

  it('`extensions =` selects the section openssl uses', async () => {
    const text = 'extensions = v3_leaf\n[v3_leaf]\nbasicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n';
    expect(await compareExtFile(parseExtFile(text), signed(text), ca)).toEqual([]);
  });

  it('`email:copy` with no e-mail in the subject: an empty SAN, reported with a DNS line to write', async () => {
    const text = 'basicConstraints=CA:FALSE\nsubjectAltName = email:copy\n';
    const findings = await compareExtFile(parseExtFile(text), signed(text), ca);
    expect(brief(findings)).toEqual([['extfile.empty_san', 2]]);
    expect(findings[0]?.fix).toContain('subjectAltName = DNS:app.example.com');
  });

  it('SAN entries match whatever the spelling: DNS case, IPv6 forms, sections and inline', async () => {
    const cert = signed(
      'subjectAltName = @alt\n[alt]\nDNS.1 = App.Example.com\nIP.1 = 2001:db8:0::1\nIP.2 = 192.0.2.1\n',
    );
    const parsed = parseExtFile('subjectAltName = DNS:app.example.com, IP:192.0.2.1, IP:2001:DB8::1\n');
    expect(await compareExtFile(parsed, cert, ca)).toEqual([]);
    const fewer = await compareExtFile(
      parseExtFile('subjectAltName = DNS:app.example.com, DNS:www.example.com\n'),
      cert,
      ca,
    );
    expect(fewer[0]?.message).toContain('lacks DNS:www.example.com');
    expect(fewer[0]?.message).toContain('also has IP:');
  });

  it('key identifiers: `none`, `hash`, `keyid:always, issuer:always`, and a certificate from another CA', async () => {
    const noIds = 'subjectKeyIdentifier = none\nauthorityKeyIdentifier = none\nbasicConstraints=CA:FALSE\n';
    const bare = signed(noIds);
    expect(bare.extensions.map((extension) => extension.type)).toEqual(['2.5.29.19']);
    expect(await compareExtFile(parseExtFile(noIds), bare, ca)).toEqual([]);
    expect(brief(await compareExtFile(parseExtFile(noIds), signed(SEED), ca))).toEqual([
      ['extfile.mismatch', 1],
      ['extfile.mismatch', 2],
    ]);

    const always = 'subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always, issuer:always\n';
    expect(await compareExtFile(parseExtFile(always), signed(always), ca)).toEqual([]);
    const keyidOnly = await compareExtFile(
      parseExtFile(always),
      signed('authorityKeyIdentifier = keyid\n'),
      ca,
    );
    expect(keyidOnly[0]?.message).toContain('issuer name and serial');

    const fromOtherCa = await compareExtFile(parseExtFile(FULL), signed(FULL, { caName: 'otherca' }), ca);
    expect(brief(fromOtherCa)).toEqual([['extfile.mismatch', 1]]);
    expect(fromOtherCa[0]?.message).toContain('issuing CA');
    expect(await compareExtFile(parseExtFile(FULL), signed(FULL, { caName: 'otherca' }), otherCa)).toEqual(
      [],
    );
  });

  it('extensions copied from the CSR (`-copy_extensions copy`) are undeclared; a CA:TRUE in the CSR loses to the file', async () => {
    openssl(
      'req',
      '-new',
      '-key',
      'app.key',
      '-out',
      'copy.csr',
      '-subj',
      '/CN=app.example.com',
      '-addext',
      'subjectAltName = DNS:app.example.com',
      '-addext',
      'basicConstraints = critical, CA:TRUE',
    );
    const cert = signed(SEED, { csr: 'copy.csr', extra: ['-copy_extensions', 'copy'] });
    const findings = await compareExtFile(parseExtFile(SEED), cert, ca);
    expect(findings.map((found) => [found.rule, found.message.includes('-copy_extensions')])).toEqual([
      ['extfile.undeclared', true],
    ]);
    expect(findings[0]?.fix).toContain('subjectAltName = DNS:app.example.com');
  });

  it('an arbitrary extension by OID compares its DER bytes', async () => {
    const cert = signed('1.3.6.1.4.1.99999.1 = DER:05:00\n');
    expect(await compareExtFile(parseExtFile('1.3.6.1.4.1.99999.1 = DER:05:00\n'), cert, ca)).toEqual([]);
    expect(
      brief(await compareExtFile(parseExtFile('1.3.6.1.4.1.99999.1 = DER:01:01:FF\n'), cert, ca)),
    ).toEqual([['extfile.mismatch', 1]]);
  });
});

const rules = (parsed: ReturnType<typeof parseExtFile>): string[] =>
  parsed.findings.map((found) => found.rule);

describe('parseExtFile accepts exactly what openssl x509 -extfile accepts', () => {
  const cases: Array<[string, string]> = [
    ['trailing # comment', 'basicConstraints=CA:FALSE # trailing comment\n'],
    ['; is not a comment', 'keyUsage = critical, digitalSignature ; semicolon\n'],
    ['CRLF', 'basicConstraints=CA:FALSE\r\nextendedKeyUsage = clientAuth\r\n'],
    ['missing @section', 'subjectAltName = @alt_names\n'],
    ['repeated key', 'extendedKeyUsage = serverAuth\nextendedKeyUsage = clientAuth\n'],
    ['repeated DNS.1', 'subjectAltName = @alt\n[alt]\nDNS.1 = a.example.com\nDNS.1 = b.example.com\n'],
    ['variable in the extension section', 'host = app.example.com\nsubjectAltName = DNS:$host\n'],
    ['forward ${section::var}', 'subjectAltName = DNS:${alt::second}\n[alt]\nsecond = b.example.com\n'],
    [
      'earlier ${section::var}',
      'extensions = ext\n[alt]\nsecond = b\n[ext]\nsubjectAltName = DNS:${alt::second}\n',
    ],
    ['unset $ENV::', 'subjectAltName = DNS:$ENV::AOP_TEST_UNSET_VARIABLE\n'],
    ['lowercase clientauth', 'extendedKeyUsage = clientauth\n'],
    ['long EKU name', 'extendedKeyUsage = TLS Web Client Authentication\n'],
    ['long KU names', 'keyUsage = Digital Signature, Key Encipherment\n'],
    ['lowercase digitalsignature', 'keyUsage = digitalsignature\n'],
    ['BasicConstraints', 'BasicConstraints=CA:FALSE\n'],
    ['critical last', 'basicConstraints = CA:FALSE, critical\n'],
    ['Critical', 'basicConstraints = Critical, CA:FALSE\n'],
    ['critical space comma', 'basicConstraints = critical ,CA:FALSE\n'],
    ['trailing comma', 'keyUsage=digitalSignature,\n'],
    ['quoted', 'basicConstraints="CA:FALSE"\n'],
    ['continuation', 'keyUsage = critical, \\\n digitalSignature\n'],
    ['missing @', 'subjectAltName = alt_names\n[alt_names]\nDNS.1 = a\n'],
    [
      'SAN key forms',
      'subjectAltName = @alt\n[alt]\nDNS.1 = a\nDNS = b\nDNS.x = c\nIP.2 = 2001:db8::1\nURI.1 = https://a/\nemail.1 = a@b.c\n',
    ],
    ['foo.DNS', 'subjectAltName = @alt\n[alt]\nfoo.DNS = a\n'],
    ['duplicate inline SAN', 'subjectAltName = DNS:a, DNS:a\n'],
    ['pathlen on a leaf', 'basicConstraints = CA:FALSE, pathlen:0\n'],
    ['none identifiers', 'subjectKeyIdentifier = none\nauthorityKeyIdentifier = none\n'],
    ['always identifiers', 'authorityKeyIdentifier = keyid:always, issuer:always\n'],
    ['bad IP', 'subjectAltName = IP:300.1.1.1\n'],
    ['CA without value', 'basicConstraints = CA\n'],
    ['missing =', 'basicConstraints CA:FALSE\n'],
    ['DER by OID', '1.3.6.1.4.1.99999.1 = critical, DER:05:00\n'],
    ['unclosed brace', 'subjectAltName = DNS:${alt::second\n'],
    ['the §6 file', FULL],
    // OpenSSL refuses a value that variables expand to 65,536 characters or more.
    [
      'expansion just under the limit',
      `[vars]\nv = ${'a'.repeat(32767)}\n[default]\nnsComment = $vars::v$vars::v\nbasicConstraints=CA:FALSE\n`,
    ],
    [
      'expansion at the limit',
      `[vars]\nv = ${'a'.repeat(32768)}\n[default]\nnsComment = $vars::v$vars::v\nbasicConstraints=CA:FALSE\n`,
    ],
    [
      'doubling variables',
      `extensions = ext\n[vars]\nv0 = ${'A'.repeat(1000)}\n${Array.from({ length: 39 }, (_, i) => `v${i + 1} = $v${i}$v${i}`).join('\n')}\n[ext]\nbasicConstraints=CA:FALSE\n`,
    ],
  ];

  it.each(cases)('%s', (_label, text) => {
    const opensslAccepts = sign(text) !== null;
    const errors = parseExtFile(text).findings.filter(
      (found) => found.severity === 'error' && found.rule !== 'extfile.no_extensions_section',
    );
    expect(errors.length === 0).toBe(opensslAccepts);
  });
});
