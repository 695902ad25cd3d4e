/**
 * Reads a RouteTest document (routelab.dev/v1alpha1), and the request and expectation
 * shape that Exercise goals share with it. Everything is data: values are checked and
 * size-limited, patterns run on RE2, and a bad value is a diagnostic on its line (codes
 * RL130–RL133), never an exception.
 */
import type { RequestSpec, ResolveOverride } from '../../model/request.js';
import type {
  BackendExpectation,
  HeaderExpectation,
  RequestExpectation,
  RouteTest,
  TestRequest,
  ValueMatch,
} from '../../model/routeTest.js';
import type { SourceRef, YamlPath } from '../../model/source.js';
import { closest } from '../../lint/suggest.js';
import { compileRegex } from '../../util/regex.js';
import { parseNginxSize } from '../../util/units.js';
import type { Resource } from '../../model/resources.js';
import type { FieldReader } from '../reader.js';
import { isIP, readMeta } from './common.js';

export const ROUTELAB_API_VERSION = 'routelab.dev/v1alpha1';

/** Limits on what a test or exercise file may ask for: past them, a diagnostic, not work. */
export const LIMITS = {
  requestsPerTest: 2000,
  headers: 100,
  urlChars: 8192,
  textChars: 20_000,
  nameChars: 300,
  patternChars: 1000,
  bodyBytes: 1024 ** 4,
} as const;

/**
 * Codes: RL130 a value of the wrong kind or out of range; RL131 a field the format does
 * not have (a typo would otherwise check nothing); RL132 over a size limit; RL133 a
 * request or goal that checks nothing.
 */
export const CODES = {
  badValue: 'RL130',
  unknownField: 'RL131',
  tooLarge: 'RL132',
  checksNothing: 'RL133',
} as const;

const REQUEST_FIELDS = [
  'name',
  'url',
  'method',
  'headers',
  'clientIP',
  'clientIp',
  'bodySize',
  'resolve',
  'insecure',
  'expect',
] as const;

const EXPECT_FIELDS = [
  'status',
  'noResponse',
  'backend',
  'redirect',
  'path',
  'host',
  'forwardedHeaders',
  'responseHeaders',
  'maxAttempts',
  'certificate',
  'controller',
] as const;

const BACKEND_FIELDS = ['namespace', 'service', 'port', 'pod'] as const;
const VALUE_MATCH_FIELDS = ['equals', 'contains', 'matches', 'present'] as const;

/** Reports every key of the mapping at `path` that is not in `known`, with the closest one. */
export function checkKeys(
  r: FieldReader,
  path: YamlPath,
  known: readonly string[],
  what: string,
): void {
  const v = r.get(path);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
  for (const key of Object.keys(v)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    r.report(
      CODES.unknownField,
      'error',
      [...path, key],
      `${what} has no field "${key}"${near ? `; did you mean "${near}"?` : ''} (known: ${known.join(', ')}).`,
      near
        ? { title: `Rename to ${near}`, edit: editFor(r, [...path, key], key, near) }
        : undefined,
    );
  }
}

function editFor(r: FieldReader, path: YamlPath, from: string, to: string) {
  return { line: r.at(path).range.startLine, find: `${from}:`, replace: `${to}:` };
}

/** A string no longer than `max`, or a diagnostic. */
export function text(
  r: FieldReader,
  path: YamlPath,
  max: number = LIMITS.textChars,
): string | undefined {
  const v = r.get(path);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') {
    r.report(CODES.badValue, 'error', path, `${label(path)} must be text, not ${kindOf(v)}.`);
    return undefined;
  }
  if (v.length > max) {
    r.report(
      CODES.tooLarge,
      'error',
      path,
      `${label(path)} is ${v.length} characters long; at most ${max} are read.`,
    );
    return v.slice(0, max);
  }
  return v;
}

/** A whole number in [min, max], or a diagnostic. */
export function wholeNumber(
  r: FieldReader,
  path: YamlPath,
  min: number,
  max: number,
): number | undefined {
  const v = r.get(path);
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    r.report(
      CODES.badValue,
      'error',
      path,
      `${label(path)} must be a whole number from ${min} to ${max}, not ${kindOf(v)}.`,
    );
    return undefined;
  }
  return n;
}

/** The list at `path` (empty when absent), or a diagnostic; never refuses the whole document. */
export function items(r: FieldReader, path: YamlPath): unknown[] {
  const v = r.get(path);
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  r.report(CODES.badValue, 'error', path, `${label(path)} must be a list, not ${kindOf(v)}.`);
  return [];
}

export function label(path: YamlPath): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 60 ? `${v.slice(0, 60)}…` : v}"`;
  return String(v);
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A list of entries from a mapping `{Name: value}` or a list of "Name: value" strings. */
function entries(r: FieldReader, path: YamlPath): { key: string; at: YamlPath; value: unknown }[] {
  const v = r.get(path);
  if (v === undefined || v === null) return [];
  const out: { key: string; at: YamlPath; value: unknown }[] = [];
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      if (typeof item !== 'string' || !item.includes(':')) {
        r.report(
          CODES.badValue,
          'error',
          [...path, i],
          `${label([...path, i])} must be "Name: value".`,
        );
        return;
      }
      const colon = item.indexOf(':');
      out.push({
        key: item.slice(0, colon).trim(),
        at: [...path, i],
        value: item.slice(colon + 1).trim(),
      });
    });
  } else if (typeof v === 'object') {
    for (const [key, value] of Object.entries(v)) out.push({ key, at: [...path, key], value });
  } else {
    r.report(
      CODES.badValue,
      'error',
      path,
      `${label(path)} must be a mapping of header names to values, or a list of "Name: value".`,
    );
  }
  if (out.length > LIMITS.headers) {
    r.report(
      CODES.tooLarge,
      'error',
      path,
      `${label(path)} has ${out.length} headers; at most ${LIMITS.headers} are read.`,
    );
    return out.slice(0, LIMITS.headers);
  }
  return out;
}

function headerName(r: FieldReader, at: YamlPath, name: string): boolean {
  if (HEADER_NAME.test(name) && name.length <= 256) return true;
  r.report(CODES.badValue, 'error', at, `"${name.slice(0, 60)}" is not a header name.`);
  return false;
}

function readHeaders(r: FieldReader, path: YamlPath): [string, string][] {
  return entries(r, path).flatMap(({ key, at, value }) => {
    if (!headerName(r, at, key)) return [];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      r.report(CODES.badValue, 'error', at, `The value of header ${key} must be text.`);
      return [];
    }
    const s = String(value);
    if (s.length > LIMITS.urlChars || /[\r\n]/.test(s)) {
      r.report(
        CODES.badValue,
        'error',
        at,
        `The value of header ${key} is too long or has a line break.`,
      );
      return [];
    }
    return [[key, s] as [string, string]];
  });
}

function readResolve(r: FieldReader, path: YamlPath): ResolveOverride[] {
  return items(r, path).flatMap((item, i): ResolveOverride[] => {
    const at = [...path, i];
    let host: unknown;
    let port: unknown;
    let address: unknown;
    if (typeof item === 'string') {
      const m = /^([^:]+):(\d+):(.+)$/.exec(item.trim());
      [host, port, address] = m ? [m[1], Number(m[2]), m[3]?.replace(/^\[(.*)\]$/, '$1')] : [];
    } else if (item && typeof item === 'object' && !Array.isArray(item)) {
      checkKeys(r, at, ['host', 'port', 'address'], 'A resolve entry');
      ({ host, port, address } = item as Record<string, unknown>);
    }
    if (
      typeof host !== 'string' ||
      typeof address !== 'string' ||
      !isIP(address) ||
      typeof port !== 'number' ||
      !Number.isInteger(port) ||
      port < 1 ||
      port > 65535
    ) {
      r.report(
        CODES.badValue,
        'error',
        at,
        'A resolve entry is "HOST:PORT:ADDRESS" (as curl --resolve) or {host, port, address}, e.g. shop.example.com:443:203.0.113.10.',
      );
      return [];
    }
    return [{ host: host.toLowerCase(), port, address }];
  });
}

function readBodySize(r: FieldReader, path: YamlPath): number | undefined {
  const v = r.get(path);
  if (v === undefined || v === null) return undefined;
  const n =
    typeof v === 'number' && Number.isInteger(v) && v >= 0
      ? v
      : typeof v === 'string'
        ? parseNginxSize(v)
        : undefined;
  if (n === undefined || n > LIMITS.bodyBytes) {
    r.report(
      CODES.badValue,
      'error',
      path,
      `${label(path)} is a size in bytes, or with k, m or g (powers of 1024): 512, 10k, 5m.`,
    );
    return undefined;
  }
  return n;
}

/** The request fields (url, method, headers, ...) of the mapping at `path`. */
export function readRequestSpec(r: FieldReader, path: YamlPath): RequestSpec | undefined {
  const url = text(r, [...path, 'url'], LIMITS.urlChars);
  if (!url) {
    r.report(
      CODES.badValue,
      'error',
      path,
      'A request needs a url (https://shop.example.com/api).',
    );
    return undefined;
  }
  if (/\s/.test(url.trim()) || !/^(?:https?:\/\/)?[^/?#\s]+/i.test(url.trim())) {
    r.report(CODES.badValue, 'error', [...path, 'url'], `"${url.slice(0, 80)}" is not a URL.`);
    return undefined;
  }
  const method = text(r, [...path, 'method'], 40);
  if (method !== undefined && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(method))
    r.report(CODES.badValue, 'error', [...path, 'method'], `"${method}" is not an HTTP method.`);
  const headers = readHeaders(r, [...path, 'headers']);
  const clientIp = text(r, [...path, 'clientIP'], 64) ?? text(r, [...path, 'clientIp'], 64);
  if (clientIp !== undefined && !isIP(clientIp))
    r.report(
      CODES.badValue,
      'error',
      [...path, r.has([...path, 'clientIP']) ? 'clientIP' : 'clientIp'],
      `"${clientIp}" is not an IP address.`,
    );
  const bodyBytes = readBodySize(r, [...path, 'bodySize']);
  const resolve = readResolve(r, [...path, 'resolve']);
  const insecure = r.get([...path, 'insecure']) === true;
  return {
    url: url.trim(),
    ...(method !== undefined && /^[A-Za-z][A-Za-z0-9_-]*$/.test(method)
      ? { method: method.toUpperCase() }
      : {}),
    ...(headers.length > 0 ? { headers } : {}),
    ...(clientIp !== undefined && isIP(clientIp) ? { clientIp } : {}),
    ...(bodyBytes !== undefined ? { bodyBytes } : {}),
    ...(resolve.length > 0 ? { resolve } : {}),
    ...(insecure ? { insecure: true } : {}),
  };
}

function readValueMatch(r: FieldReader, at: YamlPath, name: string): ValueMatch | undefined {
  const v = r.get(at);
  if (v === null) return { kind: 'absent' };
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return { kind: 'equals', value: String(v) };
  if (typeof v !== 'object' || Array.isArray(v)) {
    r.report(
      CODES.badValue,
      'error',
      at,
      `The expected value of ${name} must be text or a mapping.`,
    );
    return undefined;
  }
  checkKeys(r, at, VALUE_MATCH_FIELDS, `The expectation of ${name}`);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => (VALUE_MATCH_FIELDS as readonly string[]).includes(k));
  if (keys.length !== 1) {
    r.report(
      CODES.badValue,
      'error',
      at,
      `The expectation of ${name} takes one of equals, contains, matches or present.`,
    );
    return undefined;
  }
  const key = keys[0];
  if (key === 'present') {
    const b = o.present;
    if (typeof b !== 'boolean') {
      r.report(CODES.badValue, 'error', [...at, 'present'], 'present is true or false.');
      return undefined;
    }
    return b ? { kind: 'present' } : { kind: 'absent' };
  }
  const s = text(r, [...at, key ?? ''], key === 'matches' ? LIMITS.patternChars : LIMITS.urlChars);
  if (s === undefined) return undefined;
  if (key === 'matches') {
    const compiled = compileRegex(s);
    if (!compiled.ok) {
      r.report(
        CODES.badValue,
        'error',
        [...at, 'matches'],
        `"${s.slice(0, 80)}" is not an RE2 regular expression: ${compiled.error}.`,
      );
      return undefined;
    }
    return { kind: 'matches', pattern: s };
  }
  return key === 'contains' ? { kind: 'contains', value: s } : { kind: 'equals', value: s };
}

function readHeaderExpectations(r: FieldReader, path: YamlPath): HeaderExpectation[] {
  return entries(r, path).flatMap(({ key, at, value }) => {
    if (!headerName(r, at, key)) return [];
    // "Name: value" from a list is an exact value; a mapping's value may be a matcher.
    const match =
      typeof value === 'string' && Array.isArray(r.get(path))
        ? ({ kind: 'equals', value } as const)
        : readValueMatch(r, at, key);
    return match ? [{ name: key, match, source: r.at(at) }] : [];
  });
}

function readStatus(r: FieldReader, path: YamlPath): number[] | undefined {
  const v = r.get(path);
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  const out: number[] = [];
  list.forEach((s, i) => {
    const at = Array.isArray(v) ? [...path, i] : path;
    const n = typeof s === 'string' && /^\d{3}$/.test(s) ? Number(s) : s;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 100 || n > 599)
      r.report(CODES.badValue, 'error', at, `${kindOf(s)} is not an HTTP status (100–599).`);
    else out.push(n);
  });
  return out.length > 0 ? out : undefined;
}

function isNone(v: unknown): boolean {
  return v === null || v === 'none' || v === false;
}

function readBackend(r: FieldReader, path: YamlPath): BackendExpectation | null | undefined {
  const v = r.get(path);
  if (v === undefined) return undefined;
  if (isNone(v)) return null;
  if (typeof v === 'string') {
    // "namespace/service" or "service".
    const [a, b] = v.split('/');
    return b === undefined ? { service: v } : { namespace: a ?? '', service: b };
  }
  if (typeof v !== 'object' || Array.isArray(v)) {
    r.report(
      CODES.badValue,
      'error',
      path,
      'backend is a mapping (service, namespace, port, pod), "namespace/service", or none.',
    );
    return undefined;
  }
  checkKeys(r, path, BACKEND_FIELDS, 'backend');
  const namespace = text(r, [...path, 'namespace'], LIMITS.nameChars);
  const service = text(r, [...path, 'service'], LIMITS.nameChars);
  const pod = text(r, [...path, 'pod'], LIMITS.nameChars);
  const portRaw = r.get([...path, 'port']);
  const port =
    typeof portRaw === 'number' && Number.isInteger(portRaw)
      ? portRaw
      : typeof portRaw === 'string'
        ? /^\d+$/.test(portRaw)
          ? Number(portRaw)
          : portRaw
        : undefined;
  if (portRaw !== undefined && portRaw !== null && port === undefined)
    r.report(CODES.badValue, 'error', [...path, 'port'], 'port is a number or a port name.');
  return {
    ...(namespace !== undefined ? { namespace } : {}),
    ...(service !== undefined ? { service } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(pod !== undefined ? { pod } : {}),
  };
}

function readCertificate(
  r: FieldReader,
  path: YamlPath,
): RequestExpectation['certificate'] | undefined {
  const v = r.get(path);
  if (v === undefined || v === null) return undefined;
  if (v === 'default') return { default: true };
  if (typeof v === 'string' && /^[^/\s]+\/[^/\s]+$/.test(v)) return { secret: v };
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    checkKeys(r, path, ['secret', 'default'], 'certificate');
    const o = v as Record<string, unknown>;
    if (o.default === true) return { default: true };
    if (typeof o.secret === 'string' && /^[^/\s]+\/[^/\s]+$/.test(o.secret))
      return { secret: o.secret };
  }
  r.report(
    CODES.badValue,
    'error',
    path,
    'certificate is "default" (the controller\'s own certificate) or the Secret that serves it, as namespace/name.',
  );
  return undefined;
}

/** The `expect` mapping at `path`. */
export function readExpectation(r: FieldReader, path: YamlPath): RequestExpectation {
  const v = r.get(path);
  if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v)))
    r.report(
      CODES.badValue,
      'error',
      path,
      'expect is a mapping (status, backend, redirect, ...).',
    );
  checkKeys(r, path, EXPECT_FIELDS, 'expect');
  const sources: Record<string, SourceRef> = {};
  for (const f of EXPECT_FIELDS)
    if (r.get([...path, f]) !== undefined) sources[f] = r.at([...path, f]);
  const status = readStatus(r, [...path, 'status']);
  const noResponseRaw = r.get([...path, 'noResponse']);
  if (noResponseRaw !== undefined && typeof noResponseRaw !== 'boolean')
    r.report(CODES.badValue, 'error', [...path, 'noResponse'], 'noResponse is true or false.');
  const backend = readBackend(r, [...path, 'backend']);
  const redirectRaw = r.get([...path, 'redirect']);
  const redirect = isNone(redirectRaw) ? null : text(r, [...path, 'redirect'], LIMITS.urlChars);
  const pathExpected = text(r, [...path, 'path'], LIMITS.urlChars);
  const host = text(r, [...path, 'host'], LIMITS.nameChars);
  const forwardedHeaders = readHeaderExpectations(r, [...path, 'forwardedHeaders']);
  const responseHeaders = readHeaderExpectations(r, [...path, 'responseHeaders']);
  const maxAttempts = wholeNumber(r, [...path, 'maxAttempts'], 1, 100);
  const certificate = readCertificate(r, [...path, 'certificate']);
  const controller = text(r, [...path, 'controller'], LIMITS.nameChars);
  return {
    ...(status ? { status } : {}),
    ...(typeof noResponseRaw === 'boolean' ? { noResponse: noResponseRaw } : {}),
    ...(backend !== undefined ? { backend } : {}),
    ...(redirectRaw !== undefined && (redirect === null || redirect !== undefined)
      ? { redirect }
      : {}),
    ...(pathExpected !== undefined ? { path: pathExpected } : {}),
    ...(host !== undefined ? { host } : {}),
    ...(forwardedHeaders.length > 0 ? { forwardedHeaders } : {}),
    ...(responseHeaders.length > 0 ? { responseHeaders } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(certificate ? { certificate } : {}),
    ...(controller !== undefined ? { controller } : {}),
    sources,
    source: r.at(path),
  };
}

/** True when the expectation asks for something. */
export function expectsSomething(e: RequestExpectation): boolean {
  return Object.keys(e.sources).length > 0;
}

/** One entry of `spec.requests`: the request, its name and what it should come to. */
export function readTestRequest(r: FieldReader, path: YamlPath): TestRequest | undefined {
  checkKeys(r, path, REQUEST_FIELDS, 'A request');
  const request = readRequestSpec(r, path);
  if (!request) return undefined;
  const expect = readExpectation(r, [...path, 'expect']);
  if (!expectsSomething(expect))
    r.report(
      CODES.checksNothing,
      'warning',
      path,
      'This request has no expect: it checks nothing (add status, backend, redirect, path or headers).',
    );
  const name =
    text(r, [...path, 'name'], LIMITS.nameChars) ?? `${request.method ?? 'GET'} ${request.url}`;
  return { name, request, expect, source: r.at(path) };
}

export function readRouteTest(r: FieldReader, name: string): RouteTest {
  checkKeys(r, [], ['apiVersion', 'kind', 'metadata', 'spec'], 'A RouteTest');
  checkKeys(r, ['spec'], ['requests'], 'spec');
  const list = items(r, ['spec', 'requests']);
  if (list.length === 0)
    r.report(CODES.checksNothing, 'warning', ['spec'], 'This RouteTest has no requests.');
  if (list.length > LIMITS.requestsPerTest)
    r.report(
      CODES.tooLarge,
      'error',
      ['spec', 'requests'],
      `This RouteTest has ${list.length} requests; at most ${LIMITS.requestsPerTest} are run.`,
    );
  const requests = list
    .slice(0, LIMITS.requestsPerTest)
    .flatMap((_, i) => readTestRequest(r, ['spec', 'requests', i]) ?? []);
  return { name, requests, source: r.at([]) };
}

export function readRouteTestResource(
  r: FieldReader,
  apiVersion: string,
  order: number,
): Resource | undefined {
  const meta = readMeta(r, false);
  if (!meta) return undefined;
  const test = readRouteTest(r, meta.name);
  return { kind: 'RouteTest', apiVersion, meta, source: r.at([]), locate: r.locate, order, test };
}
