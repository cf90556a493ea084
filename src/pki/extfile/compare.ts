/** Checks that a certificate carries exactly what the extension file it was signed with declares. */
import type { Finding } from '../../findings.js';
import { hex } from '../der.js';
import { commonNames } from '../distinguished-name.js';
import type { ExtensionEntry, InspectedCertificate } from '../inspect.js';
import { ATTRIBUTE, EXTENSION } from '../oids.js';
import { normalizeIp } from '../ip.js';
import { ekuName, extensionName } from './names.js';
import { observe } from './observe.js';
import { keyUsageNames, renderLine, sanText } from './render.js';
import { finding, quoted } from './rules.js';
import type { DeclaredExtension, DeclaredValue, ParsedExtFile, SanEntry } from './types.js';

/** OpenSSL adds these by itself (`hash` and `keyid, issuer`), so a file need not declare them. */
const AUTO_ADDED = new Set<string>([EXTENSION.subjectKeyIdentifier, EXTENSION.authorityKeyIdentifier]);

type Value<K extends DeclaredValue['kind']> = Extract<DeclaredValue, { kind: K }>;

interface Context {
  cert: InspectedCertificate;
  issuer: InspectedCertificate | undefined;
  resign: string;
}

export async function compareExtFile(
  parsed: ParsedExtFile,
  cert: InspectedCertificate,
  issuer?: InspectedCertificate,
): Promise<Finding[]> {
  // A file that does not parse is reported by its own findings; comparing what is left would mislead.
  if (parsed.findings.some((found) => found.severity === 'error')) return [];
  try {
    return compareParsed(parsed, cert, issuer);
  } catch {
    // Extensions too damaged to decode are the certificate's own finding (ext.malformed):
    // comparing the file with them would only pile on.
    return [];
  }
}

function compareParsed(
  parsed: ParsedExtFile,
  cert: InspectedCertificate,
  issuer: InspectedCertificate | undefined,
): Finding[] {
  const sectionFlag = parsed.section && parsed.section !== 'default' ? ` -extensions ${parsed.section}` : '';
  const context: Context = {
    cert,
    issuer,
    resign: `Re-sign the certificate with this file (\`openssl x509 -req … -extfile cert.v3.ext${sectionFlag}\`)`,
  };
  const present = parsed.extensions.filter((declared) => !declaresAbsence(declared.value));
  if (cert.extensions.length === 0 && present.length > 0) {
    return [
      finding(
        'extfile.mismatch',
        present[0]!.line,
        `The certificate has no extensions at all (X.509 v1), but the file declares ${present.length}: it was not signed with this file's extension section.`,
        `${context.resign}.`,
      ),
    ];
  }

  const findings: Finding[] = [];
  for (const declared of parsed.extensions) {
    findings.push(...compareOne(declared, context));
  }
  const declaredOids = new Set(parsed.extensions.map((declared) => declared.oid));
  for (const extension of cert.extensions) {
    if (declaredOids.has(extension.type) || AUTO_ADDED.has(extension.type)) continue;
    const name = extensionName(extension.type);
    const line = renderLine(name, extension.critical, observe(extension, cert));
    findings.push(
      finding(
        'extfile.undeclared',
        undefined,
        `The certificate has ${quoted(name)}, which the extension file does not declare: it was added some other way (\`-copy_extensions\`, another file or tool).`,
        line
          ? `Declare it with \`${line}\`, or re-sign the certificate without it.`
          : `Declare ${quoted(name)} in the file, or re-sign the certificate without it.`,
      ),
    );
  }
  return findings;
}

function declaresAbsence(value: DeclaredValue): boolean {
  return (
    (value.kind === 'subjectKeyIdentifier' && value.method === 'none') ||
    (value.kind === 'authorityKeyIdentifier' && value.none)
  );
}

function compareOne(declared: DeclaredExtension, context: Context): Finding[] {
  const { cert } = context;
  const extension = cert.extensions.find((candidate) => candidate.type === declared.oid);
  const name = quoted(declared.name);
  if (declaresAbsence(declared.value)) {
    if (!extension) return [];
    return [
      mismatch(
        declared,
        `Line ${declared.line} says ${name} = none, but the certificate has one.`,
        context,
        renderLine(declared.name, extension.critical, observe(extension, cert)),
      ),
    ];
  }
  if (!extension) {
    return [
      finding(
        'extfile.mismatch',
        declared.line,
        `Line ${declared.line} declares ${name}, but the certificate does not have it.`,
        `${context.resign}, or delete line ${declared.line} if the certificate is right.`,
      ),
    ];
  }
  const actual = observe(extension, cert);
  const actualLine = renderLine(declared.name, extension.critical, actual);
  if (
    declared.value.kind === 'subjectAltName' &&
    actual.kind === 'subjectAltName' &&
    actual.names.length === 0
  ) {
    const host = commonNames(cert.subjectAttributes)[0] ?? 'app.example.com';
    return [
      finding(
        'extfile.empty_san',
        declared.line,
        `subjectAltName on line ${declared.line} came out empty in the certificate${declared.value.copyEmail || declared.value.moveEmail ? ': `email:copy` found no e-mail address in the subject' : ''}.`,
        `Write \`subjectAltName = DNS:${host}\` on line ${declared.line} and re-sign.`,
      ),
    ];
  }
  const findings: Finding[] = [];
  if (extension.critical !== declared.critical) {
    findings.push(
      mismatch(
        declared,
        `Line ${declared.line} declares ${name} ${declared.critical ? 'critical' : 'not critical'}, but in the certificate it is ${extension.critical ? 'critical' : 'not critical'}.`,
        context,
        actualLine,
      ),
    );
  }
  const difference = valueDifference(declared.value, actual, extension, context);
  if (difference) {
    findings.push(
      mismatch(
        declared,
        `${name} on line ${declared.line} differs from the certificate's: ${difference}.`,
        context,
        actualLine,
      ),
    );
  }
  return findings;
}

function mismatch(
  declared: DeclaredExtension,
  message: string,
  context: Context,
  actualLine: string | undefined,
): Finding {
  return finding(
    'extfile.mismatch',
    declared.line,
    message,
    actualLine
      ? `${context.resign}, or, if the certificate is right, write \`${actualLine}\` on line ${declared.line}.`
      : `${context.resign}.`,
  );
}

/** Why the declared value differs from the certificate's, or undefined when they agree. */
function valueDifference(
  declared: DeclaredValue,
  actual: DeclaredValue,
  extension: ExtensionEntry,
  context: Context,
): string | undefined {
  if (declared.kind === 'der') {
    return hex(extension.value) === declared.hex ? undefined : 'the DER bytes differ';
  }
  if (declared.kind !== 'opaque' && actual.kind !== declared.kind) {
    return `the certificate's value cannot be read as ${declared.kind}`;
  }
  switch (declared.kind) {
    case 'basicConstraints':
      return basicConstraintsDifference(declared, actual as Value<'basicConstraints'>);
    case 'keyUsage': {
      const { usages } = actual as Value<'keyUsage'>;
      return setDifference(keyUsageNames(declared.usages), keyUsageNames(usages));
    }
    case 'extendedKeyUsage':
      return setDifference(
        declared.oids.map(ekuName),
        (actual as Value<'extendedKeyUsage'>).oids.map(ekuName),
      );
    case 'subjectAltName':
      return sanDifference(declared, actual as Value<'subjectAltName'>, context.cert);
    case 'subjectKeyIdentifier':
      return skiDifference(declared, actual as Value<'subjectKeyIdentifier'>);
    case 'authorityKeyIdentifier':
      return akiDifference(declared, context);
    default:
      return undefined;
  }
}

function basicConstraintsDifference(
  declared: Value<'basicConstraints'>,
  actual: Value<'basicConstraints'>,
): string | undefined {
  if (declared.ca !== actual.ca)
    return `the file says CA:${declared.ca ? 'TRUE' : 'FALSE'}, the certificate CA:${actual.ca ? 'TRUE' : 'FALSE'}`;
  if (declared.pathLength !== actual.pathLength) {
    return `the file says pathlen ${declared.pathLength ?? 'absent'}, the certificate ${actual.pathLength ?? 'absent'}`;
  }
  return undefined;
}

/** Multiset difference, described as what only one side has. */
function setDifference(declared: string[], actual: string[]): string | undefined {
  const remaining = [...actual];
  const onlyDeclared: string[] = [];
  for (const item of declared) {
    const index = remaining.indexOf(item);
    if (index >= 0) remaining.splice(index, 1);
    else onlyDeclared.push(item);
  }
  if (onlyDeclared.length === 0 && remaining.length === 0) return undefined;
  const parts: string[] = [];
  if (remaining.length > 0) parts.push(`the certificate also has ${remaining.join(', ')}`);
  if (onlyDeclared.length > 0) parts.push(`the certificate lacks ${onlyDeclared.join(', ')}`);
  return parts.join('; ');
}

function sanKey(entry: SanEntry): string {
  switch (entry.type) {
    case 'dns':
    case 'email':
      return sanText({ type: entry.type, value: entry.value.toLowerCase() });
    case 'ip':
      return `IP:${normalizeIp(entry.value) ?? entry.value}`;
    case 'dn':
    case 'otherName':
      // Their contents are not compared, only that one is there.
      return sanText({ type: entry.type, value: '…' });
    default:
      return sanText(entry);
  }
}

function sanDifference(
  declared: Value<'subjectAltName'>,
  actual: Value<'subjectAltName'>,
  cert: InspectedCertificate,
): string | undefined {
  const expected = declared.names.map((entry) => ({ key: sanKey(entry), text: sanText(entry) }));
  if (declared.copyEmail) {
    for (const { text: email = '' } of cert.subjectAttributes.filter(
      (attribute) => attribute.type === ATTRIBUTE.emailAddress,
    )) {
      expected.push({ key: sanKey({ type: 'email', value: email }), text: `email:${email}` });
    }
  }
  const found = actual.names
    .map((entry) => ({ key: sanKey(entry), text: sanText(entry) }))
    // `email:move` takes addresses out of the subject, so the certificate no longer shows where they came from.
    .filter(
      (entry) =>
        !(declared.moveEmail && entry.key.startsWith('email:')) || expected.some((e) => e.key === entry.key),
    );
  const onlyDeclared: string[] = [];
  const remaining = [...found];
  for (const entry of expected) {
    const index = remaining.findIndex((candidate) => candidate.key === entry.key);
    if (index >= 0) remaining.splice(index, 1);
    else onlyDeclared.push(entry.text);
  }
  return setDifference(
    onlyDeclared,
    remaining.map((entry) => entry.text),
  );
}

function skiDifference(
  declared: Value<'subjectKeyIdentifier'>,
  actual: Value<'subjectKeyIdentifier'>,
): string | undefined {
  if (declared.method === 'hash') {
    return actual.method === 'hash'
      ? undefined
      : 'the certificate\u2019s key identifier is not the hash of its public key';
  }
  if (declared.method === 'hex' && (actual.method !== 'hex' || actual.hex !== declared.hex)) {
    return 'the key identifier bytes differ';
  }
  return undefined;
}

function akiDifference(declared: Value<'authorityKeyIdentifier'>, context: Context): string | undefined {
  const { cert, issuer } = context;
  if (!cert.extensions.some((extension) => extension.type === EXTENSION.authorityKeyIdentifier))
    return undefined;
  const issuerSki = issuer?.subjectKeyId;
  const hasKeyId = cert.authorityKeyId !== undefined;
  const hasIssuer = cert.authorityCertSerial !== undefined;
  if (
    declared.keyid !== 'no' &&
    !hasKeyId &&
    (declared.keyid === 'always' || issuerSki !== undefined || !context.issuer)
  ) {
    return 'the certificate has no key identifier of its issuer (keyid)';
  }
  if (declared.keyid === 'no' && hasKeyId) return 'the certificate carries a keyid the file does not ask for';
  if (hasKeyId && issuerSki !== undefined && cert.authorityKeyId !== issuerSki) {
    return 'its keyid is not the issuing CA\u2019s subject key identifier (signed by another CA?)';
  }
  const wantIssuer = declared.issuer === 'always' || (declared.issuer === 'yes' && !hasKeyId);
  if (wantIssuer !== hasIssuer) {
    return hasIssuer
      ? 'the certificate also carries the issuer name and serial, which the file does not ask for'
      : 'the certificate lacks the issuer name and serial (issuer:always)';
  }
  if (hasIssuer && issuer && cert.authorityCertSerial !== hex(issuer.serialBytes)) {
    return 'its issuer serial is not the issuing CA\u2019s';
  }
  return undefined;
}
