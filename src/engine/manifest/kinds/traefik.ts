/**
 * Traefik's IngressRoute and Middleware (traefik.io/v1alpha1 and traefik.containo.us/v1alpha1),
 * validated as their CRD schemas validate them ([TRF] integration/fixtures/k8s/01-traefik-crd.yml,
 * generated from pkg/provider/kubernetes/crd/traefikio/v1alpha1). What kubectl apply
 * refuses is rejected on its line; what only Traefik notices when it builds its routers
 * (a rule that does not parse, a missing Middleware) is left to flavors/traefik.
 */
import type {
  IpStrategy,
  IngressRoute,
  MiddlewareEntry,
  MiddlewareSpec,
  SourceCriterion,
  TraefikMiddleware,
  TraefikMiddlewareRef,
  TraefikRoute,
  TraefikServiceRef,
  TraefikTLS,
} from '../../model/traefik.js';
import { TRAEFIK_CODES as C } from '../../model/traefik.js';
import type { YamlPath } from '../../model/source.js';
import { parseGoDurationMs } from '../../util/units.js';
import { describe, type FieldReader } from '../reader.js';
import { readMeta } from './common.js';

// ---------------------------------------------------------------- durations

/**
 * A Traefik duration in milliseconds: an integer (or a string of digits) is seconds;
 * otherwise Go's time.ParseDuration syntax (`100ms`, `1.5s`, `1m30s`)
 * ([TRF] github.com/traefik/paerser/types Duration.UnmarshalJSON). Undefined when invalid
 * or negative.
 */
export function parseTraefikDurationMs(v: number | string): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v * 1000 : undefined;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const ms = parseGoDurationMs(t);
  return ms !== undefined && ms >= 0 ? ms : undefined;
}

function readDuration(r: FieldReader, p: YamlPath, dflt: number): number {
  const v = r.intOrString(p);
  if (v === undefined) return dflt;
  const ms = parseTraefikDurationMs(v);
  if (ms === undefined) {
    r.report(
      C.invalid,
      'error',
      p,
      `"${String(v)}" is not a duration: write seconds as a number, or a Go duration such as 100ms, 1s or 1m30s. Traefik cannot load this Middleware.`,
    );
    return dflt;
  }
  return ms;
}

// ---------------------------------------------------------------- IngressRoute

export function readIngressRoute(
  r: FieldReader,
  apiVersion: string,
  order: number,
): IngressRoute | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  if (!r.has(['spec', 'routes']))
    r.reject(
      C.required,
      ['spec'],
      'spec.routes is required; the API server would reject this IngressRoute.',
    );
  const routes = r.list(['spec', 'routes']).map((_, i) => readRoute(r, ['spec', 'routes', i]));
  const entryPoints = r.strings(['spec', 'entryPoints']);
  const tls = r.has(['spec', 'tls']) ? readTls(r, ['spec', 'tls']) : undefined;
  return {
    kind: 'IngressRoute',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    entryPoints,
    routes,
    ...(tls ? { tls } : {}),
  };
}

function readRoute(r: FieldReader, p: YamlPath): TraefikRoute {
  const match = r.str([...p, 'match']);
  if (match === undefined)
    r.reject(
      C.required,
      p,
      'routes[].match is required: the rule that selects requests, e.g. Host(`example.com`).',
    );
  const kind = r.str([...p, 'kind']);
  // The CRD declares `kind` as an enum with the single value Rule.
  if (kind !== undefined && kind !== 'Rule')
    r.reject(C.invalid, [...p, 'kind'], `kind "${kind}" is not allowed; the only kind is Rule.`);
  const priority = r.int([...p, 'priority']);
  const syntax = r.str([...p, 'syntax']);
  const services = r.list([...p, 'services']).map((_, j) => readService(r, [...p, 'services', j]));
  const middlewares = r
    .list([...p, 'middlewares'])
    .map((_, j) => readMiddlewareRef(r, [...p, 'middlewares', j]));
  return {
    match: match ?? '',
    matchSource: r.at([...p, match === undefined ? 'kind' : 'match']),
    services,
    middlewares,
    source: r.at(p),
    ...(priority !== undefined ? { priority } : {}),
    ...(syntax !== undefined ? { syntax } : {}),
  };
}

function readService(r: FieldReader, p: YamlPath): TraefikServiceRef {
  const name = r.str([...p, 'name']) ?? '';
  if (!name) r.reject(C.required, p, 'services[].name is required.');
  const kind = r.str([...p, 'kind']) ?? 'Service';
  if (kind !== 'Service' && kind !== 'TraefikService')
    r.reject(C.invalid, [...p, 'kind'], `kind "${kind}" is not one of Service, TraefikService.`);
  const port = r.intOrString([...p, 'port']);
  const weight = r.int([...p, 'weight']);
  if (weight !== undefined && weight < 0)
    r.reject(C.invalid, [...p, 'weight'], `weight ${weight} must be 0 or more.`);
  const namespace = r.str([...p, 'namespace']);
  const scheme = r.str([...p, 'scheme']);
  const passHostHeader = r.bool([...p, 'passHostHeader']);
  const nativeLB = r.bool([...p, 'nativeLB']);
  const strategy = r.str([...p, 'strategy']);
  return {
    name,
    kind: kind === 'TraefikService' ? 'TraefikService' : 'Service',
    source: r.at(p),
    ...(namespace ? { namespace } : {}),
    ...(port !== undefined && port !== '' && port !== 0 ? { port } : {}),
    ...(weight !== undefined ? { weight } : {}),
    ...(scheme ? { scheme } : {}),
    ...(passHostHeader !== undefined ? { passHostHeader } : {}),
    ...(nativeLB !== undefined ? { nativeLB } : {}),
    ...(strategy ? { strategy } : {}),
  };
}

function readMiddlewareRef(r: FieldReader, p: YamlPath): TraefikMiddlewareRef {
  const name = r.str([...p, 'name']) ?? '';
  if (!name) r.reject(C.required, p, 'middlewares[].name is required.');
  const namespace = r.str([...p, 'namespace']);
  return { name, source: r.at(p), ...(namespace ? { namespace } : {}) };
}

function readTls(r: FieldReader, p: YamlPath): TraefikTLS {
  r.object(p);
  const secretName = r.str([...p, 'secretName']);
  const certResolver = r.str([...p, 'certResolver']);
  const optionsName = r.str([...p, 'options', 'name']);
  const optionsNs = r.str([...p, 'options', 'namespace']);
  const domains = r.list([...p, 'domains']).map((_, i) => ({
    main: r.str([...p, 'domains', i, 'main']) ?? '',
    sans: r.strings([...p, 'domains', i, 'sans']),
  }));
  return {
    domains,
    source: r.at(p),
    ...(secretName ? { secretName } : {}),
    ...(certResolver ? { certResolver } : {}),
    ...(optionsName
      ? { options: { name: optionsName, ...(optionsNs ? { namespace: optionsNs } : {}) } }
      : {}),
  };
}

// ---------------------------------------------------------------- Middleware

/**
 * Middleware kinds Traefik v3.7 has and routelab does not model: it names them and
 * assumes they let the request through unchanged ([TRF] MiddlewareSpec).
 */
const OTHER_KINDS = [
  'errors',
  'forwardAuth',
  'digestAuth',
  'buffering',
  'circuitBreaker',
  'compress',
  'passTLSClientCert',
  'contentType',
  'grpcWeb',
  'plugin',
  'redirectTrailingSlash',
  'encodedCharacters',
] as const;

type Reader = (r: FieldReader, p: YamlPath) => MiddlewareSpec;

const READERS: Readonly<Record<string, Reader>> = {
  stripPrefix: (r, p) => ({ type: 'stripPrefix', prefixes: r.strings([...p, 'prefixes']) }),
  stripPrefixRegex: (r, p) => ({ type: 'stripPrefixRegex', regex: r.strings([...p, 'regex']) }),
  addPrefix: (r, p) => ({ type: 'addPrefix', prefix: r.str([...p, 'prefix']) ?? '' }),
  replacePath: (r, p) => ({ type: 'replacePath', path: r.str([...p, 'path']) ?? '' }),
  replacePathRegex: (r, p) => ({
    type: 'replacePathRegex',
    regex: r.str([...p, 'regex']) ?? '',
    replacement: r.str([...p, 'replacement']) ?? '',
  }),
  redirectScheme: (r, p) => {
    const port = r.str([...p, 'port']);
    return {
      type: 'redirectScheme',
      scheme: r.str([...p, 'scheme']) ?? '',
      permanent: r.bool([...p, 'permanent']) ?? false,
      ...(port !== undefined && port !== '' ? { port } : {}),
    };
  },
  redirectRegex: (r, p) => ({
    type: 'redirectRegex',
    regex: r.str([...p, 'regex']) ?? '',
    replacement: r.str([...p, 'replacement']) ?? '',
    permanent: r.bool([...p, 'permanent']) ?? false,
  }),
  headers: (r, p) => ({
    type: 'headers',
    customRequestHeaders: r.stringMap([...p, 'customRequestHeaders']),
    customResponseHeaders: r.stringMap([...p, 'customResponseHeaders']),
    accessControlAllowOriginList: r.strings([...p, 'accessControlAllowOriginList']),
    accessControlAllowMethods: r.strings([...p, 'accessControlAllowMethods']),
  }),
  basicAuth: (r, p) => {
    const secret = r.str([...p, 'secret']);
    const headerField = r.str([...p, 'headerField']);
    return {
      type: 'basicAuth',
      // [TRF] pkg/middlewares/auth/basic_auth.go: `realm` defaults to "traefik".
      realm: r.str([...p, 'realm']) || 'traefik',
      removeHeader: r.bool([...p, 'removeHeader']) ?? false,
      ...(secret ? { secret } : {}),
      ...(headerField ? { headerField } : {}),
    };
  },
  ipAllowList: (r, p) => readAllowList(r, p, false),
  ipWhiteList: (r, p) => readAllowList(r, p, true),
  rateLimit: (r, p) => {
    const burst = r.int([...p, 'burst']);
    const criterion = readCriterion(r, [...p, 'sourceCriterion']);
    return {
      type: 'rateLimit',
      // [TRF] docs/.../middlewares/ratelimit.md: average 0 = no limit, period 1s, burst 1.
      average: r.int([...p, 'average']) ?? 0,
      periodMs: readDuration(r, [...p, 'period'], 1000),
      burst: burst === undefined ? 1 : burst,
      ...(criterion ? { sourceCriterion: criterion } : {}),
    };
  },
  retry: (r, p) => ({
    type: 'retry',
    attempts: r.int([...p, 'attempts']) ?? 0,
    initialIntervalMs: readDuration(r, [...p, 'initialInterval'], 0),
    // v3.7 ([TRF] docs/.../middlewares/retry.md; semantics.md D2).
    status: r.strings([...p, 'status']),
    retryNonIdempotentMethod: r.bool([...p, 'retryNonIdempotentMethod']) ?? false,
    disableRetryOnNetworkError: r.bool([...p, 'disableRetryOnNetworkError']) ?? false,
  }),
  inFlightReq: (r, p) => {
    const criterion = readCriterion(r, [...p, 'sourceCriterion']);
    return {
      type: 'inFlightReq',
      amount: r.int([...p, 'amount']) ?? 0,
      ...(criterion ? { sourceCriterion: criterion } : {}),
    };
  },
  chain: (r, p) => ({
    type: 'chain',
    middlewares: r
      .list([...p, 'middlewares'])
      .map((_, i) => readMiddlewareRef(r, [...p, 'middlewares', i])),
  }),
};

function readAllowList(r: FieldReader, p: YamlPath, deprecatedName: boolean): MiddlewareSpec {
  const strategy = readIpStrategy(r, [...p, 'ipStrategy']);
  const reject = r.int([...p, 'rejectStatusCode']);
  return {
    type: 'ipAllowList',
    deprecatedName,
    sourceRange: r.strings([...p, 'sourceRange']),
    ...(strategy ? { ipStrategy: strategy } : {}),
    ...(reject !== undefined ? { rejectStatusCode: reject } : {}),
  };
}

function readIpStrategy(r: FieldReader, p: YamlPath): IpStrategy | undefined {
  if (!r.has(p)) return undefined;
  r.object(p);
  const depth = r.int([...p, 'depth']);
  const ipv6Subnet = r.int([...p, 'ipv6Subnet']);
  return {
    excludedIPs: r.strings([...p, 'excludedIPs']),
    ...(depth !== undefined ? { depth } : {}),
    ...(ipv6Subnet !== undefined ? { ipv6Subnet } : {}),
  };
}

function readCriterion(r: FieldReader, p: YamlPath): SourceCriterion | undefined {
  if (!r.has(p)) return undefined;
  r.object(p);
  const ipStrategy = readIpStrategy(r, [...p, 'ipStrategy']);
  const header = r.str([...p, 'requestHeaderName']);
  const host = r.bool([...p, 'requestHost']);
  return {
    ...(ipStrategy ? { ipStrategy } : {}),
    ...(header ? { requestHeaderName: header } : {}),
    ...(host !== undefined ? { requestHost: host } : {}),
  };
}

export function readTraefikMiddleware(
  r: FieldReader,
  apiVersion: string,
  order: number,
): TraefikMiddleware | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  const spec = r.object(['spec']) ?? {};
  const entries: MiddlewareEntry[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (value === null || value === undefined) continue;
    const p: YamlPath = ['spec', key];
    const read = READERS[key];
    if (read) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        r.reject(C.invalid, p, `spec.${key} must be a mapping, not ${describe(value)}.`);
        continue;
      }
      entries.push({ spec: read(r, p), source: r.at(p) });
    } else if ((OTHER_KINDS as readonly string[]).includes(key)) {
      entries.push({ spec: { type: 'other', name: key }, source: r.at(p) });
    } else {
      r.reject(
        C.invalid,
        p,
        `spec.${key} is not a Middleware field${key === 'ipAllowlist' || key === 'ipWhitelist' ? ' (the spelling is ipAllowList)' : ''}; the API server would reject this Middleware.`,
      );
    }
  }
  return {
    kind: 'Middleware',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    entries,
  };
}
