/**
 * The project's one reader of IP address text (extension files, certificates, successors): its
 * rules are openssl's for `IP:` entries. (`node:net`'s isIP would load the socket module at start.)
 */

/** The address's bytes (4 or 16), or undefined when the text is not an IPv4 or IPv6 address. */
export function ipBytes(text: string): Uint8Array | undefined {
  const bytes = text.includes(':') ? ipv6Bytes(text) : ipv4Bytes(text);
  return bytes && Uint8Array.from(bytes);
}

/** Canonical form of an IP address (lowercase hex of its bytes), or undefined when it is not one. */
export function normalizeIp(text: string): string | undefined {
  const bytes = ipBytes(text);
  return bytes && Buffer.from(bytes).toString('hex');
}

function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255))
    return undefined;
  return parts.map(Number);
}

function ipv6Bytes(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): number[] | undefined => {
    if (!half) return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [index, part] of parts.entries()) {
      if (index === parts.length - 1 && part.includes('.')) {
        const v4 = ipv4Bytes(part);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) {
        out.push(parseInt(part, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...Array<number>(missing).fill(0), ...tail];
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}
