/** Distinguished names: their attributes as encoded, and the `CN=..., O=...` text the report shows. */
import { children, expectTag, readOid, readString, TAG, type DerNotes, type Tlv } from './der.js';
import { ATTRIBUTE } from './oids.js';

export interface NameAttribute {
  /** Attribute type OID, e.g. 2.5.4.3 for commonName. */
  type: string;
  /** ASN.1 string tag of the value (UTF8String, PrintableString, ...). */
  tag: number;
  /** The value's text; undefined when it is not a string type. */
  text?: string;
  /** Index of the RDN it belongs to (attributes of one RDN are joined with `+`). */
  rdn: number;
}

export const COMMON_NAME = '2.5.4.3';

const SHORT_NAMES: Record<string, string> = {
  [COMMON_NAME]: 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  [ATTRIBUTE.emailAddress]: 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

export function readName(name: Tlv, notes: DerNotes): NameAttribute[] {
  const attributes: NameAttribute[] = [];
  children(expectTag(name, TAG.sequence), notes).forEach((rdn, index) => {
    for (const attribute of children(expectTag(rdn, TAG.set), notes)) {
      const [type, value] = children(expectTag(attribute, TAG.sequence), notes);
      const text = readString(value!);
      const entry: NameAttribute = { type: readOid(type!), tag: value!.tag, rdn: index };
      if (text !== undefined) entry.text = text;
      attributes.push(entry);
    }
  });
  return attributes;
}

function escapeValue(text: string): string {
  return text.replace(/[,+"\\<>;]/g, (character) => `\\${character}`);
}

/** RFC 4514-style text in encoded order, e.g. `CN=app.example.com, O=Example`. */
export function formatName(attributes: NameAttribute[]): string {
  let text = '';
  attributes.forEach((attribute, index) => {
    if (index > 0) text += attribute.rdn === attributes[index - 1]!.rdn ? '+' : ', ';
    text += `${SHORT_NAMES[attribute.type] ?? attribute.type}=${escapeValue(attribute.text ?? '#')}`;
  });
  return text;
}

export function commonNames(attributes: NameAttribute[]): string[] {
  return attributes
    .filter((attribute) => attribute.type === COMMON_NAME && attribute.text)
    .map((attribute) => attribute.text!);
}
