/** Writes a declared (or observed) extension as the `cert.v3.ext` line that produces it. */
import { ekuName, KEY_USAGE_NAMES } from './names.js';
import type { DeclaredValue, KeyIdRequest, SanEntry } from './types.js';

const SAN_PREFIX: Record<SanEntry['type'], string> = {
  dns: 'DNS',
  ip: 'IP',
  email: 'email',
  url: 'URI',
  id: 'RID',
  dn: 'dirName',
  otherName: 'otherName',
};

export function keyUsageNames(usages: number): string[] {
  return KEY_USAGE_NAMES.filter((_, bit) => usages & (1 << bit)).map(([short]) => short);
}

export function sanText(entry: SanEntry): string {
  return `${SAN_PREFIX[entry.type]}:${entry.value}`;
}

function keyIdText(name: string, request: KeyIdRequest): string[] {
  if (request === 'no') return [];
  return [request === 'always' ? `${name}:always` : name];
}

/** The value part, or undefined when it cannot be written inline (opaque values). */
function renderValue(value: DeclaredValue): string | undefined {
  switch (value.kind) {
    case 'basicConstraints':
      return `CA:${value.ca ? 'TRUE' : 'FALSE'}${value.pathLength === undefined ? '' : `, pathlen:${value.pathLength}`}`;
    case 'keyUsage':
      return keyUsageNames(value.usages).join(', ');
    case 'extendedKeyUsage':
      return value.oids.map(ekuName).join(', ');
    case 'subjectAltName': {
      const items = value.names.map(sanText);
      if (value.copyEmail) items.push('email:copy');
      if (value.moveEmail) items.push('email:move');
      return items.join(', ');
    }
    case 'subjectKeyIdentifier':
      return value.method === 'hex' ? colonHex(value.hex ?? '') : value.method;
    case 'authorityKeyIdentifier':
      return value.none
        ? 'none'
        : [...keyIdText('keyid', value.keyid), ...keyIdText('issuer', value.issuer)].join(', ');
    case 'der':
      return `DER:${colonHex(value.hex)}`;
    case 'opaque':
      return undefined;
  }
}

export function renderLine(name: string, critical: boolean, value: DeclaredValue): string | undefined {
  const text = renderValue(value);
  return text === undefined ? undefined : `${name} = ${critical ? 'critical, ' : ''}${text}`;
}

function colonHex(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}
