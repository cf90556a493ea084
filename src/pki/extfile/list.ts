/** OpenSSL's X509V3_parse_list: `name[:value], …`, split on `,`, the first `:` separating the value. */

export interface ListItem {
  name: string;
  value?: string;
  line: number;
}

type ParsedList = { items: ListItem[] } | { emptyItem: true };

export function parseList(text: string, line: number): ParsedList {
  const items: ListItem[] = [];
  for (const part of text.split(',')) {
    const colon = part.indexOf(':');
    const name = (colon < 0 ? part : part.slice(0, colon)).trim();
    const value = colon < 0 ? undefined : part.slice(colon + 1).trim();
    // OpenSSL: "invalid empty name" / "invalid null value" for `a,,b`, `a,` or `a:`.
    if (name === '' || value === '') return { emptyItem: true };
    items.push(value === undefined ? { name, line } : { name, value, line });
  }
  return { items };
}
