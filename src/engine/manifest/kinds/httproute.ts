/**
 * HTTPRoute (gateway.networking.k8s.io v1 and v1beta1), validated as its CRD validates it:
 * enums, patterns, limits and the CEL rules of [GW] apis/v1/httproute_types.go. Defaults
 * the CRD fills in are filled in here: no rules → one rule matching PathPrefix "/", a rule
 * without matches → PathPrefix "/", a path without type → PathPrefix, weight → 1,
 * redirect statusCode → 302, CORS maxAge → 5.
 */
import type {
  HTTPBackendRef,
  HTTPCorsFilter,
  HTTPHeaderFilter,
  HTTPHeaderMatch,
  HTTPPathMatch,
  HTTPPathModifier,
  HTTPRoute,
  HTTPRouteFilter,
  HTTPRouteMatch,
  HTTPRouteRetry,
  HTTPRouteRule,
  HostnameEntry,
  ObjectRef,
  ParentRef,
} from '../../model/gateway.js';
import { GATEWAY_GROUP } from '../../model/gateway.js';
import type { SourceRef, YamlPath } from '../../model/source.js';
import type { FieldReader } from '../reader.js';
import { readMeta } from './common.js';
import {
  checkEnum,
  checkMaxItems,
  checkRange,
  GW_CODES,
  readDuration,
  readHostname,
  readObjectRef,
  readSectionName,
  requireStr,
} from './gateway.js';

const PATH_TYPES = ['Exact', 'PathPrefix', 'RegularExpression'] as const;
const MATCH_TYPES = ['Exact', 'RegularExpression'] as const;
/** [GW] httproute_types.go HTTPMethod enum. */
export const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
] as const;
const FILTER_TYPES = [
  'RequestHeaderModifier',
  'ResponseHeaderModifier',
  'RequestMirror',
  'RequestRedirect',
  'URLRewrite',
  'ExtensionRef',
  'CORS',
  // Experimental channel only.
  'ExternalAuth',
] as const;
/** Filter field per type: the CEL rules demand the one that matches `type` and no other. */
const FILTER_FIELDS: Readonly<Record<string, string>> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestMirror: 'requestMirror',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  ExtensionRef: 'extensionRef',
  CORS: 'cors',
  ExternalAuth: 'externalAuth',
};
/** "X filter cannot be repeated" (CEL on HTTPRouteRule.filters and HTTPBackendRef.filters). */
const NOT_REPEATABLE = [
  'CORS',
  'RequestHeaderModifier',
  'ResponseHeaderModifier',
  'RequestRedirect',
  'URLRewrite',
];
const REDIRECT_CODES = [301, 302, 303, 307, 308];

/** HTTPPathMatch CEL: what an Exact or PathPrefix value must not contain or end with. */
const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F', '#'];
const BAD_SUFFIXES = ['/..', '/.'];
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;
/** [GW] shared_types.go HeaderName pattern. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** Why an Exact or PathPrefix value is refused by the CRD, or undefined. */
export function invalidGatewayPath(value: string): string | undefined {
  if (!value.startsWith('/')) return 'must be an absolute path and start with "/"';
  for (const s of BAD_SEQUENCES) if (value.includes(s)) return `must not contain '${s}'`;
  for (const s of BAD_SUFFIXES) if (value.endsWith(s)) return `must not end with '${s}'`;
  if (!PATH_CHARS.test(value)) return 'contains a character a path may not hold unencoded';
  return undefined;
}

export function readHttpRoute(
  r: FieldReader,
  apiVersion: string,
  order: number,
): HTTPRoute | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  checkMaxItems(r, ['spec', 'parentRefs'], 32, 'spec.parentRefs');
  const parentRefs = r.list(['spec', 'parentRefs']).map((_, i) => readParentRef(r, i));
  checkParentRefUniqueness(r, parentRefs, meta.namespace);
  checkMaxItems(r, ['spec', 'hostnames'], 16, 'spec.hostnames');
  const hostnames: HostnameEntry[] = r.list(['spec', 'hostnames']).flatMap((_, i) => {
    const v = readHostname(r, ['spec', 'hostnames', i]);
    return v === undefined ? [] : [{ value: v, source: r.at(['spec', 'hostnames', i]) }];
  });
  checkMaxItems(r, ['spec', 'rules'], 16, 'spec.rules');
  const rawRules = r.list(['spec', 'rules']);
  const rules: HTTPRouteRule[] =
    rawRules.length > 0
      ? rawRules.map((_, i) => readRule(r, ['spec', 'rules', i]))
      : [defaultRule(r.has(['spec']) ? r.at(['spec']) : r.at([]))];
  const totalMatches = rawRules.reduce<number>(
    (n, _, i) => n + r.list(['spec', 'rules', i, 'matches']).length,
    0,
  );
  if (totalMatches > 128)
    r.reject(
      GW_CODES.tooMany,
      ['spec', 'rules'],
      `The rules hold ${totalMatches} matches; the CRD allows at most 128 across all rules of a route.`,
    );
  const names = new Set<string>();
  rules.forEach((rule, i) => {
    if (rule.name === undefined) return;
    if (names.has(rule.name))
      r.reject(
        GW_CODES.invalid,
        ['spec', 'rules', i, 'name'],
        `Rule name "${rule.name}" must be unique within the route.`,
      );
    names.add(rule.name);
  });
  return {
    kind: 'HTTPRoute',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    parentRefs,
    hostnames,
    hostnamesSource: r.at(['spec', 'hostnames']),
    rules,
  };
}

function readParentRef(r: FieldReader, i: number): ParentRef {
  const p: YamlPath = ['spec', 'parentRefs', i];
  const ref = readObjectRef(r, p, { group: GATEWAY_GROUP, kind: 'Gateway' }, 'parentRefs[]');
  const sectionName = readSectionName(r, [...p, 'sectionName'], 'sectionName');
  const port = r.int([...p, 'port']);
  if (port !== undefined) checkRange(r, [...p, 'port'], port, 1, 65535, 'port');
  return {
    ...ref,
    ...(sectionName !== undefined ? { sectionName } : {}),
    ...(port !== undefined ? { port } : {}),
  };
}

/**
 * CommonRouteSpec CEL ([GW] shared_types.go): two references to the same parent need
 * sectionName or port, and those must differ.
 */
function checkParentRefUniqueness(r: FieldReader, refs: readonly ParentRef[], ns: string): void {
  refs.forEach((a, i) => {
    refs.slice(0, i).forEach((b, j) => {
      const same =
        a.group === b.group &&
        a.kind === b.kind &&
        a.name === b.name &&
        (a.namespace ?? ns) === (b.namespace ?? ns);
      if (!same) return;
      const distinguished =
        (a.sectionName !== undefined || a.port !== undefined) &&
        (b.sectionName !== undefined || b.port !== undefined);
      if (!distinguished)
        r.reject(
          GW_CODES.invalid,
          ['spec', 'parentRefs', i],
          `parentRefs[${j}] and parentRefs[${i}] name the same parent; sectionName or port must be specified when a route references a parent twice.`,
        );
      else if (a.sectionName === b.sectionName && a.port === b.port)
        r.reject(
          GW_CODES.invalid,
          ['spec', 'parentRefs', i],
          `parentRefs[${j}] and parentRefs[${i}] name the same parent with the same sectionName and port; they must be unique.`,
        );
    });
  });
}

function defaultRule(source: SourceRef): HTTPRouteRule {
  return {
    matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [], source }],
    filters: [],
    backendRefs: [],
    timeouts: {},
    source,
  };
}

function readRule(r: FieldReader, p: YamlPath): HTTPRouteRule {
  const name = readSectionName(r, [...p, 'name'], 'rule name');
  checkMaxItems(r, [...p, 'matches'], 64, 'matches');
  const rawMatches = r.list([...p, 'matches']);
  const matches =
    rawMatches.length > 0
      ? rawMatches.map((_, i) => readMatch(r, [...p, 'matches', i]))
      : [
          {
            path: { type: 'PathPrefix', value: '/' } as HTTPPathMatch,
            headers: [],
            queryParams: [],
            source: r.at(p),
          },
        ];
  checkMaxItems(r, [...p, 'filters'], 16, 'filters');
  const filters = readFilters(r, [...p, 'filters']);
  checkMaxItems(r, [...p, 'backendRefs'], 16, 'backendRefs');
  const backendRefs = r
    .list([...p, 'backendRefs'])
    .map((_, i) => readBackendRef(r, [...p, 'backendRefs', i]));
  if (backendRefs.length > 0 && filters.some((f) => f.type === 'RequestRedirect'))
    r.reject(
      GW_CODES.invalid,
      [...p, 'filters'],
      'RequestRedirect filter must not be used together with backendRefs: a redirect answers the request itself.',
    );
  const prefixUsers = [...filters, ...backendRefs.flatMap((b) => b.filters)].filter(
    (f) =>
      (f.type === 'RequestRedirect' || f.type === 'URLRewrite') &&
      f.path?.type === 'ReplacePrefixMatch',
  );
  if (prefixUsers.length > 0 && (matches.length !== 1 || matches[0]?.path.type !== 'PathPrefix'))
    r.reject(
      GW_CODES.invalid,
      [...p, 'matches'],
      `When using ${prefixUsers[0]?.type} with path.replacePrefixMatch, exactly one PathPrefix match must be specified.`,
    );
  const request = readDuration(r, [...p, 'timeouts', 'request']);
  const backendRequest = readDuration(r, [...p, 'timeouts', 'backendRequest']);
  if (request && backendRequest && request.ms !== 0 && backendRequest.ms > request.ms)
    r.reject(
      GW_CODES.invalid,
      [...p, 'timeouts', 'backendRequest'],
      `backendRequest timeout (${backendRequest.text}) cannot be longer than request timeout (${request.text}).`,
    );
  const retry = r.has([...p, 'retry']) ? readRetry(r, [...p, 'retry']) : undefined;
  return {
    matches,
    filters,
    backendRefs,
    timeouts: {
      ...(request ? { request } : {}),
      ...(backendRequest ? { backendRequest } : {}),
    },
    source: r.at(p),
    ...(name !== undefined ? { name } : {}),
    ...(retry ? { retry } : {}),
  };
}

function readMatch(r: FieldReader, p: YamlPath): HTTPRouteMatch {
  const type = r.str([...p, 'path', 'type']) ?? 'PathPrefix';
  const value = r.str([...p, 'path', 'value']) ?? '/';
  let path: HTTPPathMatch = { type: 'PathPrefix', value: '/' };
  if (checkEnum(r, [...p, 'path', 'type'], type, PATH_TYPES, 'path.type')) {
    path = { type, value };
    if (value.length > 1024)
      r.reject(
        GW_CODES.invalid,
        [...p, 'path', 'value'],
        'path.value may be at most 1024 characters.',
      );
    if (type !== 'RegularExpression') {
      const bad = invalidGatewayPath(value);
      if (bad)
        r.reject(
          GW_CODES.invalid,
          [...p, 'path', 'value'],
          `path "${value}" ${bad} (type ${type}); the API server would reject this HTTPRoute.`,
        );
    }
  }
  checkMaxItems(r, [...p, 'headers'], 16, 'headers');
  checkMaxItems(r, [...p, 'queryParams'], 16, 'queryParams');
  const headers = readValueMatches(r, [...p, 'headers'], false);
  const queryParams = readValueMatches(r, [...p, 'queryParams'], true);
  const method = r.str([...p, 'method']);
  if (method !== undefined) checkEnum(r, [...p, 'method'], method, HTTP_METHODS, 'method');
  return {
    path,
    headers,
    queryParams,
    source: r.at(p),
    ...(method !== undefined ? { method } : {}),
  };
}

/**
 * Header or query-param matches. The CRD lists them as a map keyed by name, so an exact
 * duplicate name is refused; names that differ only in case (headers) are allowed, and
 * then "only the first entry with an equivalent name MUST be considered".
 */
function readValueMatches(r: FieldReader, p: YamlPath, query: boolean): HTTPHeaderMatch[] {
  const out: HTTPHeaderMatch[] = [];
  const seen = new Set<string>();
  const exact = new Set<string>();
  r.list(p).forEach((_, i) => {
    const e: YamlPath = [...p, i];
    const name = requireStr(r, [...e, 'name'], `${query ? 'queryParams' : 'headers'}[].name`);
    if (name && !HEADER_NAME.test(name))
      r.reject(
        GW_CODES.invalid,
        [...e, 'name'],
        `"${name}" is not a valid ${query ? 'query parameter' : 'header'} name.`,
      );
    const type = r.str([...e, 'type']) ?? 'Exact';
    const typeOk = checkEnum(r, [...e, 'type'], type, MATCH_TYPES, 'type');
    const value = requireStr(r, [...e, 'value'], 'value');
    if (exact.has(name))
      r.reject(
        GW_CODES.invalid,
        [...e, 'name'],
        `"${name}" is listed twice; names must be unique in this list.`,
      );
    exact.add(name);
    const key = query ? name : name.toLowerCase();
    if (seen.has(key) || !typeOk) return;
    seen.add(key);
    out.push({ type, name, value: value ?? '', source: r.at(e) });
  });
  return out;
}

// ---------------------------------------------------------------- filters

function readFilters(r: FieldReader, p: YamlPath): HTTPRouteFilter[] {
  const filters = r.list(p).flatMap((_, i) => {
    const f = readFilter(r, [...p, i]);
    return f ? [f] : [];
  });
  for (const t of NOT_REPEATABLE)
    if (filters.filter((f) => f.type === t).length > 1)
      r.reject(GW_CODES.invalid, p, `${t} filter cannot be repeated.`);
  if (
    filters.some((f) => f.type === 'RequestRedirect') &&
    filters.some((f) => f.type === 'URLRewrite')
  )
    r.reject(
      GW_CODES.invalid,
      p,
      'May specify either a RequestRedirect or a URLRewrite filter, but not both.',
    );
  return filters;
}

function readFilter(r: FieldReader, p: YamlPath): HTTPRouteFilter | undefined {
  const type = requireStr(r, [...p, 'type'], 'filter type');
  if (!type || !checkEnum(r, [...p, 'type'], type, FILTER_TYPES, 'filter type')) return undefined;
  const field = FILTER_FIELDS[type] ?? '';
  for (const [t, f] of Object.entries(FILTER_FIELDS))
    if (t !== type && r.has([...p, f]))
      r.reject(
        GW_CODES.invalid,
        [...p, f],
        `filter.${f} must not be set when the filter type is ${type}.`,
      );
  if (!r.has([...p, field])) {
    r.reject(GW_CODES.required, p, `filter.${field} must be specified for filter type ${type}.`);
    return undefined;
  }
  const fp: YamlPath = [...p, field];
  const source = r.at(p);
  switch (type) {
    case 'RequestHeaderModifier':
    case 'ResponseHeaderModifier':
      return { type, headers: readHeaderFilter(r, fp), source };
    case 'RequestRedirect': {
      const scheme = r.str([...fp, 'scheme']);
      if (scheme !== undefined)
        checkEnum(r, [...fp, 'scheme'], scheme, ['http', 'https'], 'scheme');
      const hostname = readHostname(r, [...fp, 'hostname'], true);
      const port = r.int([...fp, 'port']);
      if (port !== undefined) checkRange(r, [...fp, 'port'], port, 1, 65535, 'port');
      const statusCode = r.int([...fp, 'statusCode']) ?? 302;
      if (!REDIRECT_CODES.includes(statusCode))
        r.reject(
          GW_CODES.invalid,
          [...fp, 'statusCode'],
          `statusCode ${statusCode} is not one of ${REDIRECT_CODES.join(', ')}.`,
        );
      const path = readPathModifier(r, [...fp, 'path']);
      return {
        type,
        statusCode,
        source,
        ...(scheme !== undefined ? { scheme } : {}),
        ...(hostname !== undefined ? { hostname } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(path ? { path } : {}),
      };
    }
    case 'URLRewrite': {
      const hostname = readHostname(r, [...fp, 'hostname'], true);
      const path = readPathModifier(r, [...fp, 'path']);
      return {
        type,
        source,
        ...(hostname !== undefined ? { hostname } : {}),
        ...(path ? { path } : {}),
      };
    }
    case 'RequestMirror': {
      const backendRef = readBackendObjectRef(r, [...fp, 'backendRef']);
      const percent = readMirrorPercent(r, fp);
      return { type, backendRef, percent, source };
    }
    case 'CORS':
      return { type, cors: readCors(r, fp), source };
    case 'ExtensionRef': {
      const ref = readObjectRef(r, fp, { group: '', kind: '' }, 'extensionRef');
      if (!r.has([...fp, 'group']))
        r.reject(GW_CODES.required, fp, 'extensionRef.group is required.');
      if (!r.has([...fp, 'kind']))
        r.reject(GW_CODES.required, fp, 'extensionRef.kind is required.');
      return { type, ref, source };
    }
    default:
      return { type: 'Other', declaredType: type, source };
  }
}

function readHeaderFilter(r: FieldReader, p: YamlPath): HTTPHeaderFilter {
  const pairs = (key: 'set' | 'add'): { name: string; value: string }[] => {
    checkMaxItems(r, [...p, key], 16, key);
    const seen = new Set<string>();
    return r.list([...p, key]).map((_, i) => {
      const name = requireStr(r, [...p, key, i, 'name'], `${key}[].name`);
      if (name && !HEADER_NAME.test(name))
        r.reject(GW_CODES.invalid, [...p, key, i, 'name'], `"${name}" is not a valid header name.`);
      if (seen.has(name))
        r.reject(
          GW_CODES.invalid,
          [...p, key, i, 'name'],
          `"${name}" is listed twice under ${key}.`,
        );
      seen.add(name);
      const value = requireStr(r, [...p, key, i, 'value'], `${key}[].value`);
      return { name, value };
    });
  };
  checkMaxItems(r, [...p, 'remove'], 16, 'remove');
  return { set: pairs('set'), add: pairs('add'), remove: r.strings([...p, 'remove']) };
}

function readPathModifier(r: FieldReader, p: YamlPath): HTTPPathModifier | undefined {
  if (!r.has(p)) return undefined;
  const type = requireStr(r, [...p, 'type'], 'path.type');
  if (!checkEnum(r, [...p, 'type'], type, ['ReplaceFullPath', 'ReplacePrefixMatch'], 'path.type'))
    return undefined;
  const full = r.str([...p, 'replaceFullPath']);
  const prefix = r.str([...p, 'replacePrefixMatch']);
  if (type === 'ReplaceFullPath') {
    if (prefix !== undefined)
      r.reject(
        GW_CODES.invalid,
        [...p, 'replacePrefixMatch'],
        "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set.",
      );
    if (full === undefined) {
      r.reject(
        GW_CODES.required,
        p,
        "replaceFullPath must be specified when type is set to 'ReplaceFullPath'.",
      );
      return undefined;
    }
    return { type, value: full };
  }
  if (full !== undefined)
    r.reject(
      GW_CODES.invalid,
      [...p, 'replaceFullPath'],
      "type must be 'ReplaceFullPath' when replaceFullPath is set.",
    );
  if (prefix === undefined) {
    r.reject(
      GW_CODES.required,
      p,
      "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'.",
    );
    return undefined;
  }
  return { type: 'ReplacePrefixMatch', value: prefix };
}

function readMirrorPercent(r: FieldReader, p: YamlPath): number {
  const percent = r.int([...p, 'percent']);
  const hasFraction = r.has([...p, 'fraction']);
  if (percent !== undefined && hasFraction)
    r.reject(
      GW_CODES.invalid,
      p,
      'Only one of percent or fraction may be specified in a RequestMirror filter.',
    );
  if (percent !== undefined) {
    checkRange(r, [...p, 'percent'], percent, 0, 100, 'percent');
    return percent;
  }
  if (hasFraction) {
    const numerator = r.int([...p, 'fraction', 'numerator']) ?? 0;
    const denominator = r.int([...p, 'fraction', 'denominator']) ?? 100;
    if (numerator < 0 || denominator < 1 || numerator > denominator) {
      r.reject(
        GW_CODES.invalid,
        [...p, 'fraction'],
        'fraction needs 0 <= numerator <= denominator and denominator >= 1.',
      );
      return 0;
    }
    return (numerator / denominator) * 100;
  }
  // "If neither field is specified, 100% of requests will be mirrored."
  return 100;
}

function readCors(r: FieldReader, p: YamlPath): HTTPCorsFilter {
  const list = (key: string, max: number): string[] => {
    checkMaxItems(r, [...p, key], max, key);
    const values = r.strings([...p, key]);
    if (values.includes('*') && values.length > 1)
      r.reject(GW_CODES.invalid, [...p, key], `${key} cannot contain '*' alongside other values.`);
    return values;
  };
  const allowMethods = list('allowMethods', 9);
  allowMethods.forEach((m, i) => {
    if (m !== '*') checkEnum(r, [...p, 'allowMethods', i], m, HTTP_METHODS, 'method');
  });
  const maxAge = r.int([...p, 'maxAge']) ?? 5;
  if (maxAge < 1) r.reject(GW_CODES.invalid, [...p, 'maxAge'], 'maxAge must be at least 1.');
  return {
    allowOrigins: list('allowOrigins', 64),
    allowCredentials: r.bool([...p, 'allowCredentials']) ?? false,
    allowMethods,
    allowHeaders: list('allowHeaders', 64),
    exposeHeaders: r.strings([...p, 'exposeHeaders']),
    maxAge,
  };
}

// ---------------------------------------------------------------- backends

function readBackendObjectRef(r: FieldReader, p: YamlPath): ObjectRef & { port?: number } {
  const ref = readObjectRef(r, p, { group: '', kind: 'Service' }, 'backendRef');
  const port = r.int([...p, 'port']);
  if (port !== undefined) checkRange(r, [...p, 'port'], port, 1, 65535, 'port');
  // BackendObjectReference CEL: "Must have port for Service reference".
  if (port === undefined && ref.group === '' && ref.kind === 'Service')
    r.reject(
      GW_CODES.required,
      p,
      'port is required for a Service reference; the API server would reject this HTTPRoute.',
    );
  return port !== undefined ? { ...ref, port } : ref;
}

function readBackendRef(r: FieldReader, p: YamlPath): HTTPBackendRef {
  const ref = readBackendObjectRef(r, p);
  const weight = r.int([...p, 'weight']) ?? 1;
  checkRange(r, [...p, 'weight'], weight, 0, 1_000_000, 'weight');
  checkMaxItems(r, [...p, 'filters'], 16, 'filters');
  const filters = readFilters(r, [...p, 'filters']);
  return { ...ref, weight, filters };
}

function readRetry(r: FieldReader, p: YamlPath): HTTPRouteRetry {
  const codes = r.list([...p, 'codes']).flatMap((_, i) => {
    const c = r.int([...p, 'codes', i]);
    if (c === undefined) return [];
    return checkRange(r, [...p, 'codes', i], c, 400, 599, 'retry code') ? [c] : [];
  });
  const attempts = r.int([...p, 'attempts']);
  if (attempts !== undefined && attempts < 0)
    r.reject(GW_CODES.invalid, [...p, 'attempts'], 'attempts must not be negative.');
  const backoff = readDuration(r, [...p, 'backoff']);
  return {
    codes,
    source: r.at(p),
    ...(attempts !== undefined ? { attempts } : {}),
    ...(backoff ? { backoff } : {}),
  };
}
