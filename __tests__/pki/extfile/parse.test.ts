import { describe, expect, it } from 'vitest';
import { parseExtFile, type ParsedExtFile } from '../../../src/pki/extfile/index.js';

const rules = (parsed: ParsedExtFile): string[] => parsed.findings.map((found) => found.rule);
const names = (parsed: ParsedExtFile): string[] => parsed.extensions.map((declared) => declared.name);

function accepted(text: string, options = {}): ParsedExtFile {
  const parsed = parseExtFile(text, options);
  expect(parsed.findings.filter((found) => found.severity === 'error')).toEqual([]);
  return parsed;
}

function rejected(text: string, line: number, options = {}): ParsedExtFile {
  const parsed = parseExtFile(text, options);
  expect(parsed.findings).toContainEqual(
    expect.objectContaining({ rule: 'extfile.parse', severity: 'error', line }),
  );
  return parsed;
}

const SEED_FULL = [
  'authorityKeyIdentifier=keyid,issuer',
  'basicConstraints=CA:FALSE',
  'keyUsage = digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment',
  'extendedKeyUsage = clientAuth',
  'subjectAltName = @alt_names',
  '',
  '[alt_names]',
  'DNS.1 = app.example.com',
].join('\n');

describe('parseExtFile: the §3.2 rows, as OpenSSL 3.0 decides them', () => {
  it('reads the seed file (`basicConstraints=CA:FALSE`) from the default section', () => {
    const parsed = accepted('basicConstraints=CA:FALSE\n');
    expect(parsed.section).toBe('default');
    expect(parsed.extensions).toEqual([
      {
        name: 'basicConstraints',
        oid: '2.5.29.19',
        critical: false,
        line: 1,
        value: { kind: 'basicConstraints', ca: false },
      },
    ]);
  });

  it('reads the fuller §6 file into typed values', () => {
    const parsed = accepted(SEED_FULL);
    expect(names(parsed)).toEqual([
      'authorityKeyIdentifier',
      'basicConstraints',
      'keyUsage',
      'extendedKeyUsage',
      'subjectAltName',
    ]);
    expect(parsed.extensions.map((declared) => declared.value)).toEqual([
      { kind: 'authorityKeyIdentifier', none: false, keyid: 'yes', issuer: 'yes' },
      { kind: 'basicConstraints', ca: false },
      { kind: 'keyUsage', usages: 0b1111 },
      { kind: 'extendedKeyUsage', oids: ['1.3.6.1.5.5.7.3.2'] },
      {
        kind: 'subjectAltName',
        names: [{ type: 'dns', value: 'app.example.com' }],
        copyEmail: false,
        moveEmail: false,
      },
    ]);
  });

  it('`#` starts a comment mid-line', () => {
    expect(accepted('basicConstraints=CA:FALSE # trailing comment').extensions[0]?.value).toEqual({
      kind: 'basicConstraints',
      ca: false,
    });
  });

  it('`;` is not a comment: the rest becomes an unknown key usage', () => {
    const parsed = rejected(
      'basicConstraints=CA:FALSE\nkeyUsage = critical, digitalSignature ; semicolon',
      2,
    );
    expect(parsed.findings[0]?.message).toContain('`;` does not start a comment');
    expect(parsed.findings[0]?.fix).toBe('Write `keyUsage = critical, digitalSignature` on line 2.');
  });

  it('accepts CRLF line endings and a BOM', () => {
    const parsed = accepted('\uFEFFbasicConstraints=CA:FALSE\r\nextendedKeyUsage = clientAuth\r\n');
    expect(names(parsed)).toEqual(['basicConstraints', 'extendedKeyUsage']);
  });

  it('`@alt_names` without an `[alt_names]` section is an error at its line', () => {
    const parsed = rejected('basicConstraints=CA:FALSE\nsubjectAltName = @alt_names\n', 2);
    expect(parsed.findings[0]?.fix).toContain('[alt_names]');
  });

  it('a repeated extension key: last wins, with a warning at the later line', () => {
    const parsed = accepted('extendedKeyUsage = serverAuth\nextendedKeyUsage = clientAuth\n');
    expect(parsed.extensions.map((declared) => declared.value)).toEqual([
      { kind: 'extendedKeyUsage', oids: ['1.3.6.1.5.5.7.3.2'] },
    ]);
    expect(parsed.findings).toEqual([
      expect.objectContaining({ rule: 'extfile.duplicate_key', severity: 'warning', line: 2 }),
    ]);
  });

  it('a repeated `DNS.1` silently drops the first name: warned', () => {
    const parsed = accepted(
      'subjectAltName = @alt_names\n[alt_names]\nDNS.1 = app.example.com\nDNS.1 = dup.example.com\n',
    );
    expect(parsed.extensions[0]?.value).toMatchObject({ names: [{ type: 'dns', value: 'dup.example.com' }] });
    expect(parsed.findings).toEqual([expect.objectContaining({ rule: 'extfile.duplicate_key', line: 4 })]);
  });

  it('`extensions = v3_leaf` in the default section selects that section; an explicit section overrides it', () => {
    const text =
      'extensions = v3_leaf\n[v3_leaf]\nbasicConstraints=CA:FALSE\n[v3_other]\nkeyUsage=digitalSignature\n';
    expect(accepted(text)).toMatchObject({
      section: 'v3_leaf',
      extensions: [{ name: 'basicConstraints', line: 3 }],
    });
    expect(accepted(text, { section: 'v3_other' })).toMatchObject({
      section: 'v3_other',
      extensions: [{ name: 'keyUsage', line: 5 }],
    });
  });

  it('only a named section, with nothing selecting it: the v1 trap is an error naming the fix', () => {
    const parsed = parseExtFile('[ v3_req ]\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n');
    expect(parsed.extensions).toEqual([]);
    expect(parsed.findings).toEqual([
      expect.objectContaining({ rule: 'extfile.no_extensions_section', severity: 'error', line: 1 }),
    ]);
    expect(parsed.findings[0]?.fix).toContain('-extensions v3_req');
    expect(parsed.findings[0]?.fix).toContain('extensions = v3_req');
  });

  it('a section named by `-extensions` or `extensions =` that does not exist is an error', () => {
    expect(rules(parseExtFile('basicConstraints=CA:FALSE\n', { section: 'v3_req' }))).toEqual([
      'extfile.section_not_found',
    ]);
    const parsed = parseExtFile('extensions = v3_lef\n[v3_leaf]\nbasicConstraints=CA:FALSE\n');
    expect(parsed).toMatchObject({
      section: null,
      findings: [{ rule: 'extfile.section_not_found', line: 1 }],
    });
    expect(parsed.findings[0]?.fix).toContain('extensions = v3_leaf');
  });

  it('a variable inside the extension section is an unknown extension name', () => {
    const parsed = rejected('host = app.example.com\nsubjectAltName = DNS:$host\n', 1);
    expect(parsed.findings[0]?.message).toContain('`host`');
    expect(parsed.findings[0]?.fix).toContain('${vars::host}');
  });

  it('`${alt::second}` from a section defined later has no value', () => {
    rejected('subjectAltName = DNS:${alt::second}\n[alt]\nsecond = b.example.com\n', 1);
  });

  it('an unset `$ENV::` variable has no value; a set one and an earlier section expand', () => {
    rejected('subjectAltName = DNS:$ENV::UNSET\n', 1);
    const parsed = accepted(
      'extensions = ext\n[alt]\nsecond = b.example.com\n[ext]\nsubjectAltName = DNS:$ENV::MYHOST, DNS:${alt::second}\n',
      { env: { MYHOST: 'a.example.com' } },
    );
    expect(parsed.extensions[0]?.value).toMatchObject({
      names: [
        { type: 'dns', value: 'a.example.com' },
        { type: 'dns', value: 'b.example.com' },
      ],
    });
  });

  it('names are case-sensitive: `clientauth`, `digitalsignature` and `BasicConstraints` are errors with the right spelling', () => {
    expect(rejected('extendedKeyUsage = clientauth', 1).findings[0]?.fix).toBe(
      'Write `extendedKeyUsage = clientAuth` on line 1.',
    );
    expect(rejected('keyUsage = digitalsignature', 1).findings[0]?.fix).toBe(
      'Write `keyUsage = digitalSignature` on line 1.',
    );
    expect(rejected('BasicConstraints=CA:FALSE', 1).findings[0]?.fix).toBe(
      'Write `basicConstraints = CA:FALSE` on line 1.',
    );
  });

  it('long names are accepted: `TLS Web Client Authentication`, `Digital Signature, Key Encipherment`', () => {
    const parsed = accepted(
      'extendedKeyUsage = TLS Web Client Authentication\nkeyUsage = Digital Signature, Key Encipherment',
    );
    expect(parsed.extensions.map((declared) => declared.value)).toEqual([
      { kind: 'extendedKeyUsage', oids: ['1.3.6.1.5.5.7.3.2'] },
      { kind: 'keyUsage', usages: 0b101 },
    ]);
  });

  it('`critical` only counts first, in lower case, directly followed by a comma', () => {
    expect(accepted('basicConstraints = critical, CA:FALSE').extensions[0]?.critical).toBe(true);
    expect(rejected('basicConstraints = CA:FALSE, critical', 1).findings[0]?.fix).toBe(
      'Write `basicConstraints = critical, CA:FALSE` on line 1.',
    );
    expect(rejected('basicConstraints = Critical, CA:FALSE', 1).findings[0]?.fix).toBe(
      'Write `basicConstraints = critical, CA:FALSE` on line 1.',
    );
    rejected('basicConstraints = critical ,CA:FALSE', 1);
  });

  it('a trailing comma is an empty item', () => {
    expect(rejected('keyUsage=digitalSignature,', 1).findings[0]?.fix).toBe(
      'Write `keyUsage = digitalSignature` on line 1.',
    );
    rejected('subjectAltName = DNS:a.example.com,', 1);
  });

  it('quoted values are unquoted', () => {
    expect(accepted('basicConstraints="CA:FALSE"').extensions[0]?.value).toEqual({
      kind: 'basicConstraints',
      ca: false,
    });
    expect(accepted("keyUsage = 'critical, digitalSignature'").extensions[0]).toMatchObject({
      critical: true,
    });
  });

  it('a trailing `\\` continues the line; findings point at its first line', () => {
    const parsed = accepted(
      'basicConstraints=CA:FALSE\nkeyUsage = critical, \\\n  digitalSignature\nextendedKeyUsage = clientAuth',
    );
    expect(parsed.extensions.map((declared) => [declared.name, declared.line])).toEqual([
      ['basicConstraints', 1],
      ['keyUsage', 2],
      ['extendedKeyUsage', 4],
    ]);
    rejected('keyUsage = critical, \\\n  digitalsignature', 1);
  });

  it('`subjectAltName = alt_names` (no `@`) is a missing value, pointing at the section', () => {
    const parsed = rejected('subjectAltName = alt_names\n[alt_names]\nDNS.1 = a.example.com\n', 1);
    expect(parsed.findings[0]?.fix).toBe('Write `subjectAltName = @alt_names`.');
  });

  it('SAN section keys take their type before the first `.`: `DNS.1`, `DNS`, `DNS.x`, `IP.2`, `URI.1`, `email.1`', () => {
    const parsed = accepted(
      [
        'subjectAltName = @alt',
        '[alt]',
        'DNS.1 = a.example.com',
        'DNS = b.example.com',
        'DNS.x = c.example.com',
        'IP.2 = 2001:db8::1',
        'URI.1 = https://a.example.com/',
        'email.1 = ops@example.com',
      ].join('\n'),
    );
    expect(parsed.extensions[0]?.value).toMatchObject({
      names: [
        { type: 'dns', value: 'a.example.com' },
        { type: 'dns', value: 'b.example.com' },
        { type: 'dns', value: 'c.example.com' },
        { type: 'ip', value: '2001:db8::1' },
        { type: 'url', value: 'https://a.example.com/' },
        { type: 'email', value: 'ops@example.com' },
      ],
    });
  });

  it('`foo.DNS` and `dns.1` are unknown SAN types at the section line', () => {
    rejected('subjectAltName = @alt\n[alt]\nfoo.DNS = a.example.com\n', 3);
    expect(rejected('subjectAltName = @alt\n[alt]\ndns.1 = a.example.com\n', 3).findings[0]?.fix).toBe(
      'Write `DNS.1` on line 3.',
    );
  });

  it('duplicate SAN entries and `email:copy` are accepted (compare reports what they produce)', () => {
    expect(accepted('subjectAltName = DNS:a, DNS:a').extensions[0]?.value).toMatchObject({
      names: [
        { type: 'dns', value: 'a' },
        { type: 'dns', value: 'a' },
      ],
    });
    expect(accepted('subjectAltName = email:copy').extensions[0]?.value).toMatchObject({
      names: [],
      copyEmail: true,
    });
  });

  it('`CA:FALSE, pathlen:0` is issued by openssl, so it parses', () => {
    expect(accepted('basicConstraints = CA:FALSE, pathlen:0').extensions[0]?.value).toEqual({
      kind: 'basicConstraints',
      ca: false,
      pathLength: 0,
    });
  });

  it('`none` key identifiers, and `keyid:always, issuer:always`', () => {
    const parsed = accepted(
      'subjectKeyIdentifier = none\nauthorityKeyIdentifier = none\n[other]\nauthorityKeyIdentifier = keyid:always, issuer:always',
    );
    expect(parsed.extensions.map((declared) => declared.value)).toEqual([
      { kind: 'subjectKeyIdentifier', method: 'none' },
      { kind: 'authorityKeyIdentifier', none: true, keyid: 'no', issuer: 'no' },
    ]);
    expect(accepted('authorityKeyIdentifier = keyid:always, issuer:always').extensions[0]?.value).toEqual({
      kind: 'authorityKeyIdentifier',
      none: false,
      keyid: 'always',
      issuer: 'always',
    });
  });
});

describe('parseExtFile: the rest of the syntax', () => {
  it('an empty file declares nothing: a warning', () => {
    expect(parseExtFile('# nothing\n\n').findings).toEqual([
      expect.objectContaining({ rule: 'extfile.empty', severity: 'warning' }),
    ]);
  });

  it('arbitrary extensions by OID: DER bytes are kept, unknown names refused', () => {
    expect(accepted('1.3.6.1.4.1.99999.1 = critical, DER:05:00').extensions[0]).toMatchObject({
      oid: '1.3.6.1.4.1.99999.1',
      critical: true,
      value: { kind: 'der', hex: '0500' },
    });
    rejected('myExtension = DER:05:00', 1);
    rejected('1.3.6.1.4.1.99999.1 = DER:0', 1);
  });

  it('a line without `=` and a bad header are errors at their line; directives are refused', () => {
    rejected('basicConstraints CA:FALSE', 1);
    rejected('basicConstraints=CA:FALSE\n[v3_req\n', 2);
    expect(parseExtFile('.include other.cnf\nbasicConstraints=CA:FALSE').findings).toEqual([
      expect.objectContaining({ rule: 'extfile.unsupported_directive', severity: 'error', line: 1 }),
    ]);
  });

  it('escapes and a `#` inside quotes are literal', () => {
    const parsed = accepted(
      'subjectAltName = @alt\n[alt]\nURI.1 = "https://a.example.com/#top"\nURI.2 = https://b.example.com/\\#x',
    );
    expect(parsed.extensions[0]?.value).toMatchObject({
      names: [
        { type: 'url', value: 'https://a.example.com/#top' },
        { type: 'url', value: 'https://b.example.com/#x' },
      ],
    });
  });

  it('an IP that is not one, and basicConstraints without a boolean, are errors', () => {
    rejected('subjectAltName = IP:300.1.1.1', 1);
    rejected('subjectAltName = IP:2001:db8::1::2', 1);
    rejected('basicConstraints = CA', 1);
    rejected('basicConstraints = CA:maybe', 1);
  });

  it('a finding quotes names, never a long or odd value', () => {
    const parsed = rejected('keyUsage = "this is a long value that goes on and on and on and on and on"', 1);
    expect(parsed.findings[0]?.message).not.toContain('goes on');
  });
});

describe('variables that expand past what openssl accepts', () => {
  const doubling = (levels: number) =>
    [
      'extensions = ext',
      '[vars]',
      `v0 = ${'A'.repeat(1000)}`,
      ...Array.from({ length: levels }, (_, i) => `v${i + 1} = $v${i}$v${i}`),
      '[ext]',
      'basicConstraints = CA:FALSE',
      `subjectAltName = DNS:\${vars::v${levels}}`,
    ].join('\n');

  it('doubling to 64,000 characters is accepted; one more doubling is refused at its line', () => {
    expect(parseExtFile(doubling(6)).findings.filter((found) => found.severity === 'error')).toEqual([]);
    const refused = rejected(doubling(7), 10);
    expect(refused.findings[0]?.message).toContain('variable expansion too long');
  });

  it('forty doublings (a trillion characters) end at the first refusal, one finding, in little time', () => {
    const started = Date.now();
    const parsed = parseExtFile(doubling(40));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(parsed.findings).toEqual([expect.objectContaining({ rule: 'extfile.parse', line: 10 })]);
    expect(names(parsed)).toEqual(['basicConstraints']);
  });
});
