/** subjectAltName well-formedness, and whether the certificate names the hostnames it is mapped to. */
import { commonNames } from '../distinguished-name.js';
import { dnsNamesOf } from '../extensions.js';
import { ipBytes } from '../ip.js';
import type { InspectedCertificate } from '../inspect.js';
import { problem, type Problem } from '../problem.js';
import { RULES } from '../rules.js';

const DNS_LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;
const SAN_FIX =
  'Write valid entries in cert.v3.ext and re-issue, e.g. `subjectAltName = DNS:app.example.com`.';

function isValidDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  const [first, ...rest] = labels;
  if (first === '*') return rest.length >= 2 && rest.every((label) => DNS_LABEL.test(label));
  return labels.every((label) => DNS_LABEL.test(label));
}

function isValidUri(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

const VALIDATORS: Partial<Record<string, (value: string) => boolean>> = {
  dns: isValidDnsName,
  ip: (value) => ipBytes(value) !== undefined,
  email: (value) => EMAIL.test(value),
  url: isValidUri,
};

export function subjectAltNameProblems(certificate: InspectedCertificate): Problem[] {
  const extension = certificate.subjectAltName;
  if (!extension) return [];
  const names = extension.names;
  if (names.length === 0) {
    return [
      problem(
        RULES.sanWellformed,
        'The subjectAltName extension is present but empty (`email:copy` with no e-mail in the subject does this).',
        SAN_FIX,
      ),
    ];
  }
  const problems: Problem[] = [];
  const invalid = names.filter((name) => !name.value || VALIDATORS[name.type]?.(name.value) === false);
  if (invalid.length > 0) {
    const kinds = [
      ...new Set(invalid.map((name) => (name.value ? `an invalid ${name.type} name` : 'an empty name'))),
    ];
    problems.push(problem(RULES.sanWellformed, `The subjectAltName has ${kinds.join(' and ')}.`, SAN_FIX));
  }
  const keys = names.map((name) => `${name.type}:${name.value.toLowerCase()}`);
  if (new Set(keys).size !== keys.length) {
    problems.push(
      problem(
        RULES.sanDuplicate,
        'The subjectAltName lists the same name more than once.',
        'Remove the repeated entry from cert.v3.ext.',
      ),
    );
  }
  return problems;
}

function covers(name: string, hostname: string): boolean {
  const pattern = name.toLowerCase();
  const host = hostname.toLowerCase();
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === pattern.slice(2);
}

export function hostnameProblems(certificate: InspectedCertificate, hostnames: string[]): Problem[] {
  if (hostnames.length === 0) return [];
  const names = [...commonNames(certificate.subjectAttributes), ...dnsNamesOf(certificate)];
  if (hostnames.some((hostname) => names.some((name) => covers(name, hostname)))) return [];
  const listed = hostnames.slice(0, 3).join(', ') + (hostnames.length > 3 ? ', ...' : '');
  return [
    problem(
      RULES.subjectHostname,
      `Neither the common name nor a DNS subjectAltName of the certificate names a hostname it is mapped to (${listed}).`,
      `Issue it with \`-subj /CN=${hostnames[0]}\` and this line in cert.v3.ext: \`subjectAltName = ${hostnames
        .slice(0, 3)
        .map((hostname) => `DNS:${hostname}`)
        .join(', ')}\`.`,
    ),
  ];
}
