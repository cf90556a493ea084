import { beforeAll, describe, expect, it } from 'vitest';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Name, type TBSCertificate } from '@peculiar/asn1-x509';
import { makeCA, makeLeaf, x509, type CertOptions, type Issued } from '../../test-support/pki.js';
import { check, ofRule } from './support.js';

let ca: Issued;

beforeAll(async () => {
  ca = await makeCA();
});

async function findingsOf(rule: string, options: CertOptions = {}) {
  return ofRule((await check(await makeLeaf(ca, options), ca)).findings, rule);
}

const tamper = (change: (tbs: TBSCertificate) => void): CertOptions => ({ tamper: change });
const serial = (...bytes: number[]) =>
  tamper((tbs) => void (tbs.serialNumber = new Uint8Array(bytes).buffer));

describe('version.v3', () => {
  it('passes a v3 certificate', async () => {
    expect(await findingsOf('version.v3')).toEqual([]);
  });
  it('reports a v1 certificate (the ext-file section trap)', async () => {
    const found = await findingsOf(
      'version.v3',
      tamper((tbs) => {
        tbs.version = 0;
        tbs.extensions = undefined;
      }),
    );
    expect(found).toMatchObject([{ severity: 'error', message: /version 1/, fix: /-extensions/ }]);
  });
});

describe('serial.valid and serial.entropy', () => {
  it('passes a 16-octet random serial', async () => {
    expect([...(await findingsOf('serial.valid')), ...(await findingsOf('serial.entropy'))]).toEqual([]);
  });
  it.each([
    ['zero', [0x00]],
    ['negative', [0x80, 1, 2, 3, 4, 5, 6, 7, 8]],
    ['longer than 20 octets', Array.from({ length: 21 }, (_, index) => index + 1)],
    ['not minimally encoded', [0x00, 0x12, 1, 2, 3, 4, 5, 6, 7, 8]],
  ])('reports a %s serial', async (_name, bytes) => {
    expect(await findingsOf('serial.valid', serial(...bytes))).toMatchObject([{ severity: 'error' }]);
  });
  it('warns on a serial shorter than 64 bits', async () => {
    expect(await findingsOf('serial.entropy', serial(0x01, 0x02))).toMatchObject([
      { severity: 'warning', message: /16 bits/ },
    ]);
  });
});

describe('sig.hash', () => {
  it.each(['SHA-256', 'SHA-384', 'SHA-512'] as const)('passes %s', async (hash) => {
    expect(await findingsOf('sig.hash', { hash })).toEqual([]);
  });
  it('reports SHA-1', async () => {
    expect(await findingsOf('sig.hash', { hash: 'SHA-1' })).toMatchObject([
      { severity: 'error', message: /SHA1/i },
    ]);
  });
  it('reports different inner and outer algorithms', async () => {
    const sha384 = new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.3' });
    expect(
      await findingsOf(
        'sig.hash',
        tamper((tbs) => void (tbs.signature = sha384)),
      ),
    ).toMatchObject([{ message: /differs/ }]);
  });
});

describe('ext.no_dupes_no_unknown_critical and ext.malformed', () => {
  const rule = 'ext.no_dupes_no_unknown_critical';
  it('passes the usual extensions, some critical', async () => {
    expect(await findingsOf(rule)).toEqual([]);
  });
  it('reports a duplicate extension', async () => {
    const again = new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]);
    expect(await findingsOf(rule, { extraExtensions: [again] })).toMatchObject([
      { message: /more than once/ },
    ]);
  });
  it('reports an unknown critical extension', async () => {
    const unknown = new x509.Extension('1.3.6.1.4.1.99999.1', true, new Uint8Array([0x05, 0x00]));
    expect(await findingsOf(rule, { extraExtensions: [unknown] })).toMatchObject([
      { message: /OpenSSL does not know/ },
    ]);
  });
  it('reports a critical subject key identifier', async () => {
    const leafKeys = await x509.SubjectKeyIdentifierExtension.create(ca.keys.publicKey, true);
    expect(await findingsOf(rule, { ski: false, extraExtensions: [leafKeys] })).toMatchObject([
      { fix: /subjectKeyIdentifier=hash/ },
    ]);
  });
  it('reports an extension value that does not parse', async () => {
    const broken = new x509.Extension('2.5.29.19', false, new Uint8Array([0x04, 0x01, 0xff]));
    expect(
      await findingsOf('ext.malformed', { basicConstraints: null, extraExtensions: [broken] }),
    ).toMatchObject([{ severity: 'error', message: /2\.5\.29\.19/ }]);
  });
});

describe('subject.nonempty and subject.encoding', () => {
  it('passes a plain subject', async () => {
    expect([...(await findingsOf('subject.nonempty')), ...(await findingsOf('subject.encoding'))]).toEqual(
      [],
    );
  });
  it('reports an empty subject without a critical SAN', async () => {
    expect(
      await findingsOf(
        'subject.nonempty',
        tamper((tbs) => void (tbs.subject = new Name())),
      ),
    ).toMatchObject([{ severity: 'error', message: /empty subject/ }]);
  });
  it('warns on outer spaces in the common name', async () => {
    const spaced = AsnConvert.parse(new x509.Name('CN= app.example.com ').toArrayBuffer(), Name);
    expect(
      await findingsOf(
        'subject.encoding',
        tamper((tbs) => void (tbs.subject = spaced)),
      ),
    ).toMatchObject([{ severity: 'warning', message: /spaces/ }]);
  });
});

describe('der.strict', () => {
  it('passes DER', async () => {
    expect(await findingsOf('der.strict')).toEqual([]);
  });
  it('warns on BER (a long-form length where DER needs the short form)', async () => {
    const leaf = await makeLeaf(ca);
    const der = new Uint8Array(leaf.cert.rawData);
    // The outer SEQUENCE is 30 82 LL LL; the TBS SEQUENCE that follows is 30 82 LL LL too. Re-encode
    // the version field [0] { INTEGER 2 } (a0 03 02 01 02) with a long-form length a0 81 03.
    const at = Buffer.from(der).indexOf(Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]));
    const ber = Buffer.concat([der.subarray(0, at), Buffer.from([0xa0, 0x81, 0x03]), der.subarray(at + 2)]);
    ber.writeUInt16BE(ber.readUInt16BE(2) + 1, 2);
    ber.writeUInt16BE(ber.readUInt16BE(6) + 1, 6);
    const found = ofRule((await check(new Uint8Array(ber), ca)).findings, 'der.strict');
    expect(found).toMatchObject([{ severity: 'warning' }]);
  });
});
