/** curl's arguments (URL, -X, -H, --resolve, -k, --data-size) → the engine's RequestSpec. */
import { isIP } from 'node:net';
import type { RequestSpec, ResolveOverride } from '../engine/index.js';
import { UsageError } from './io.js';

export interface RequestArgs {
  readonly url: string;
  readonly method?: string | undefined;
  readonly headers?: readonly string[] | undefined;
  readonly clientIp?: string | undefined;
  readonly dataSize?: string | undefined;
  readonly resolve?: readonly string[] | undefined;
  readonly insecure?: boolean | undefined;
}

export function toRequestSpec(args: RequestArgs): RequestSpec {
  checkUrl(args.url);
  const headers = (args.headers ?? []).map(parseHeader);
  const resolve = (args.resolve ?? []).map(parseResolve);
  if (args.clientIp !== undefined && isIP(args.clientIp) === 0)
    throw new UsageError(`--client-ip "${args.clientIp}" is not an IP address`);
  if (args.method !== undefined && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(args.method))
    throw new UsageError(`-X "${args.method}" is not an HTTP method`);
  return {
    url: args.url,
    ...(args.method !== undefined ? { method: args.method.toUpperCase() } : {}),
    ...(headers.length > 0 ? { headers } : {}),
    ...(args.clientIp !== undefined ? { clientIp: args.clientIp } : {}),
    ...(args.dataSize !== undefined ? { bodyBytes: parseSize(args.dataSize) } : {}),
    ...(resolve.length > 0 ? { resolve } : {}),
    ...(args.insecure ? { insecure: true } : {}),
  };
}

/** As curl: a scheme-less URL is http://; only http and https are spoken. */
export function checkUrl(url: string): void {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UsageError(`"${url}" is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new UsageError(`"${url}": only http:// and https:// URLs are supported`);
  if (!parsed.hostname) throw new UsageError(`"${url}" has no host`);
}

/** -H 'Name: value'. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!name || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
    throw new UsageError(`-H "${text}" is not a header: write it as 'Name: value'`);
  return [name, text.slice(colon + 1).trim()];
}

/** --resolve HOST:PORT:ADDRESS (an IPv6 address may be in brackets). */
export function parseResolve(text: string): ResolveOverride {
  const m = /^([^:]+):(\d+):(.+)$/.exec(text);
  const address = m?.[3]?.replace(/^\[(.*)\]$/, '$1') ?? '';
  const port = Number(m?.[2]);
  if (!m || !m[1] || isIP(address) === 0 || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(
      `--resolve "${text}" is not HOST:PORT:ADDRESS (e.g. shop.example.com:443:203.0.113.10)`,
    );
  return { host: m[1], port, address };
}

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** --data-size: bytes, or with k/m/g (powers of 1024, as nginx reads proxy-body-size). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*$/i.exec(text);
  const bytes = m ? Math.round(Number(m[1]) * (UNITS[(m[2] ?? '').toLowerCase()] ?? NaN)) : NaN;
  if (!Number.isSafeInteger(bytes))
    throw new UsageError(`--data-size "${text}" is not a size (e.g. 512, 10k, 5m, 1g)`);
  return bytes;
}

/** --seed N: a non-negative integer. */
export function parseSeed(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`--seed "${text}" is not a whole number`);
  return n;
}
