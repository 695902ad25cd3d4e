/** IP addresses and CIDR ranges (IPv4 and IPv6), for allowlists and trusted proxies. */

export interface ParsedCidr {
  readonly text: string;
  readonly family: 4 | 6;
  readonly bits: bigint;
  readonly prefix: number;
}

export function parseIp(text: string): { family: 4 | 6; bits: bigint } | undefined {
  const t = text.trim();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(t);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { family: 4, bits: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (!t.includes(':') || !/^[0-9a-fA-F:]+$/.test(t)) return undefined;
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { family: 6, bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

export function parseCidr(text: string): ParsedCidr | undefined {
  const [addr = '', len] = text.trim().split('/');
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const max = ip.family === 4 ? 32 : 128;
  const prefix = len === undefined ? max : /^\d+$/.test(len) ? Number(len) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { text: text.trim(), family: ip.family, bits: ip.bits, prefix };
}

export function cidrContains(cidr: ParsedCidr, ip: string): boolean {
  const p = parseIp(ip);
  if (!p || p.family !== cidr.family) return false;
  const width = BigInt(cidr.family === 4 ? 32 : 128);
  const shift = width - BigInt(cidr.prefix);
  return p.bits >> shift === cidr.bits >> shift;
}

/** Splits a comma-separated CIDR list as ingress-nginx does; returns parsed ranges and the invalid entries. */
export function parseCidrList(text: string): { ranges: ParsedCidr[]; invalid: string[] } {
  const ranges: ParsedCidr[] = [];
  const invalid: string[] = [];
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const c = parseCidr(part);
    if (c) ranges.push(c);
    else invalid.push(part);
  }
  return { ranges, invalid };
}
