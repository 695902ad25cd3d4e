/**
 * Contour's HTTPProxy and TLSCertificateDelegation (projectcontour.io/v1), validated as
 * the CRD's OpenAPI schema validates them ([CTR] apis/projectcontour/v1/httpproxy.go,
 * the kubebuilder markers): a value the schema refuses makes `kubectl apply` fail, so
 * the object is rejected here too. What the schema lets through but Contour itself
 * refuses (two prefixes in one condition block, an include cycle, ...) is not the
 * reader's business: Contour reports it in the proxy's status, and flavors/contour does.
 */
import type {
  ContourCertificateDelegation,
  ContourCorsPolicy,
  ContourDirectResponsePolicy,
  ContourDuration,
  ContourHeaderCondition,
  ContourHeadersPolicy,
  ContourInclude,
  ContourIpFilter,
  ContourLoadBalancerPolicy,
  ContourMatchCondition,
  ContourPathRewritePolicy,
  ContourQueryCondition,
  ContourRateLimitPolicy,
  ContourRedirectPolicy,
  ContourRequestHashPolicy,
  ContourRetryPolicy,
  ContourRoute,
  ContourService,
  ContourTimeoutPolicy,
  ContourTls,
  ContourVirtualHost,
  HTTPProxy,
  TLSCertificateDelegation,
} from '../../model/contour.js';
import { parseGoDurationMs } from '../../util/units.js';
import type { YamlPath } from '../../model/source.js';
import type { FieldReader } from '../reader.js';
import { readMeta } from './common.js';

/** Go's time.ParseDuration, which every Contour duration field uses. */
export { parseGoDurationMs };

/** Contour's API group; both kinds are served as v1 only. */
export const CONTOUR_API_VERSION = 'projectcontour.io/v1';

// VirtualHost.Fqdn's kubebuilder pattern ([CTR] httpproxy.go).
const FQDN_PATTERN = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// The pattern every HTTPProxy duration field carries (TimeoutPolicy, RetryPolicy.PerTryTimeout).
const DURATION_PATTERN =
  /^(((\d*(\.\d*)?h)|(\d*(\.\d*)?m)|(\d*(\.\d*)?s)|(\d*(\.\d*)?ms)|(\d*(\.\d*)?us)|(\d*(\.\d*)?µs)|(\d*(\.\d*)?ns))+|infinity|infinite)$/;
// RetryOn's kubebuilder enum.
export const RETRY_ON_VALUES: readonly string[] = [
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'envoy-ratelimited',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
];
// RedirectResponseCode's enum.
const REDIRECT_CODES = [301, 302, 303, 307, 308];

/**
 * Fields of each HTTPProxy object, as httpproxy.go defines them. A key outside these is
 * most likely a typo (`condition:` for `conditions:`); Contour never sees it because the
 * API server prunes it, and `kubectl apply` with strict field validation refuses it.
 */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  spec: ['virtualhost', 'routes', 'tcpproxy', 'includes', 'ingressClassName', 'httpVersions'],
  virtualhost: [
    'fqdn',
    'tls',
    'authorization',
    'corsPolicy',
    'rateLimitPolicy',
    'jwtProviders',
    'ipAllowPolicy',
    'ipDenyPolicy',
  ],
  route: [
    'conditions',
    'services',
    'enableWebsockets',
    'permitInsecure',
    'authPolicy',
    'timeoutPolicy',
    'retryPolicy',
    'healthCheckPolicy',
    'loadBalancerPolicy',
    'pathRewritePolicy',
    'requestHeadersPolicy',
    'responseHeadersPolicy',
    'cookieRewritePolicies',
    'rateLimitPolicy',
    'requestRedirectPolicy',
    'directResponsePolicy',
    'internalRedirectPolicy',
    'jwtVerificationPolicy',
    'ipAllowPolicy',
    'ipDenyPolicy',
  ],
  service: [
    'name',
    'port',
    'healthPort',
    'protocol',
    'weight',
    'validation',
    'mirror',
    'requestHeadersPolicy',
    'responseHeadersPolicy',
    'cookieRewritePolicies',
    'slowStartPolicy',
  ],
  include: ['name', 'namespace', 'conditions'],
  condition: ['prefix', 'exact', 'regex', 'header', 'queryParameter'],
  header: [
    'name',
    'present',
    'notpresent',
    'contains',
    'notcontains',
    'ignoreCase',
    'exact',
    'notexact',
    'regex',
    'treatMissingAsEmpty',
  ],
  queryParameter: [
    'name',
    'exact',
    'prefix',
    'suffix',
    'regex',
    'contains',
    'ignoreCase',
    'present',
  ],
  timeoutPolicy: ['response', 'idle', 'idleConnection'],
  retryPolicy: ['count', 'perTryTimeout', 'retryOn', 'retriableStatusCodes'],
  loadBalancerPolicy: ['strategy', 'requestHashPolicies'],
};

/** Field names people reach for that HTTPProxy spells differently. */
const SPELLED_DIFFERENTLY: Readonly<Record<string, string>> = {
  condition: 'conditions',
  service: 'services',
  path: 'prefix',
  numRetries: 'count',
  retries: 'count',
  perTryTimeoutSeconds: 'perTryTimeout',
  host: 'fqdn',
  hostname: 'fqdn',
  include: 'includes',
  route: 'routes',
  virtualHost: 'virtualhost',
  queryParam: 'queryParameter',
  notPresent: 'notpresent',
  notExact: 'notexact',
  notContains: 'notcontains',
};

function checkFields(r: FieldReader, path: YamlPath, shape: string): void {
  const obj = r.get(path);
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return;
  const known = FIELDS[shape] ?? [];
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const hint = SPELLED_DIFFERENTLY[key];
    r.report(
      'RL802',
      'warning',
      [...path, key],
      `HTTPProxy has no field "${key}" here${hint && known.includes(hint) ? `; did you mean "${hint}"?` : '.'} The API server drops it (kubectl apply with strict validation refuses it), so Contour never sees it.`,
    );
  }
}

/** A duration field as Contour's timeout.Parse reads it ([CTR] internal/timeout/timeout.go). */
export function contourDuration(text: string | undefined): ContourDuration {
  if (text === undefined || text === '') return { kind: 'default' };
  if (text === 'infinity' || text === 'infinite') return { kind: 'disabled' };
  const ms = parseGoDurationMs(text);
  if (ms === undefined)
    return { kind: 'invalid', reason: `unable to parse timeout string "${text}"` };
  // "any valid representation of 0 means use the default" (timeout.Parse).
  return ms === 0 ? { kind: 'default' } : { kind: 'duration', ms };
}

function durationField(r: FieldReader, path: YamlPath): string | undefined {
  const text = r.str(path);
  if (text !== undefined && !DURATION_PATTERN.test(text))
    r.reject(
      'RL801',
      path,
      `"${text}" is not a duration the HTTPProxy schema accepts (Go durations such as "300ms", "15s", "1m30s", or "infinity"); the API server would reject this HTTPProxy.`,
    );
  return text;
}

function optionalStr(r: FieldReader, path: YamlPath): string | undefined {
  const v = r.str(path);
  return v === '' ? undefined : v;
}

export function readHTTPProxy(
  r: FieldReader,
  apiVersion: string,
  order: number,
): HTTPProxy | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  checkFields(r, ['spec'], 'spec');
  const virtualhost = r.has(['spec', 'virtualhost'])
    ? readVirtualHost(r, ['spec', 'virtualhost'])
    : undefined;
  const routes = r.list(['spec', 'routes']).map((_, i) => readRoute(r, ['spec', 'routes', i]));
  const includes = r
    .list(['spec', 'includes'])
    .map((_, i) => readInclude(r, ['spec', 'includes', i]));
  const ingressClassName = optionalStr(r, ['spec', 'ingressClassName']);
  return {
    kind: 'HTTPProxy',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    routes,
    includes,
    hasTcpProxy: r.has(['spec', 'tcpproxy']),
    ...(virtualhost ? { virtualhost } : {}),
    ...(ingressClassName !== undefined ? { ingressClassName } : {}),
  };
}

function readVirtualHost(r: FieldReader, p: YamlPath): ContourVirtualHost {
  checkFields(r, p, 'virtualhost');
  const fqdn = r.str([...p, 'fqdn']) ?? '';
  if (!r.has([...p, 'fqdn']))
    r.reject(
      'RL801',
      p,
      'virtualhost.fqdn is required; the API server would reject this HTTPProxy.',
    );
  else if (fqdn !== '' && !FQDN_PATTERN.test(fqdn))
    r.reject(
      'RL801',
      [...p, 'fqdn'],
      `fqdn "${fqdn}" must be a lower-case DNS name, optionally starting with "*." (no port, no upper case); the API server would reject this HTTPProxy.`,
    );
  const tls = r.has([...p, 'tls']) ? readTls(r, [...p, 'tls']) : undefined;
  const corsPolicy = r.has([...p, 'corsPolicy']) ? readCors(r, [...p, 'corsPolicy']) : undefined;
  const rateLimitPolicy = r.has([...p, 'rateLimitPolicy'])
    ? readRateLimit(r, [...p, 'rateLimitPolicy'])
    : undefined;
  return {
    fqdn,
    ipAllowPolicy: readIpFilters(r, [...p, 'ipAllowPolicy']),
    ipDenyPolicy: readIpFilters(r, [...p, 'ipDenyPolicy']),
    hasAuthorization: r.has([...p, 'authorization']),
    source: r.at(p),
    ...(tls ? { tls } : {}),
    ...(corsPolicy ? { corsPolicy } : {}),
    ...(rateLimitPolicy ? { rateLimitPolicy } : {}),
  };
}

function readTls(r: FieldReader, p: YamlPath): ContourTls {
  const secretName = optionalStr(r, [...p, 'secretName']);
  const minimumProtocolVersion = optionalStr(r, [...p, 'minimumProtocolVersion']);
  return {
    passthrough: r.bool([...p, 'passthrough']) ?? false,
    enableFallbackCertificate: r.bool([...p, 'enableFallbackCertificate']) ?? false,
    hasClientValidation: r.has([...p, 'clientValidation']),
    source: r.at(p),
    ...(secretName !== undefined ? { secretName } : {}),
    ...(minimumProtocolVersion !== undefined ? { minimumProtocolVersion } : {}),
  };
}

function readCors(r: FieldReader, p: YamlPath): ContourCorsPolicy {
  const allowOrigin = r.strings([...p, 'allowOrigin']);
  const allowMethods = r.strings([...p, 'allowMethods']);
  if (allowOrigin.length === 0)
    r.reject(
      'RL801',
      p,
      'corsPolicy.allowOrigin needs at least one origin (the schema requires it).',
    );
  if (allowMethods.length === 0)
    r.reject(
      'RL801',
      p,
      'corsPolicy.allowMethods needs at least one method (the schema requires it).',
    );
  const maxAge = optionalStr(r, [...p, 'maxAge']);
  return {
    allowOrigin,
    allowMethods,
    allowHeaders: r.strings([...p, 'allowHeaders']),
    exposeHeaders: r.strings([...p, 'exposeHeaders']),
    allowCredentials: r.bool([...p, 'allowCredentials']) ?? false,
    source: r.at(p),
    ...(maxAge !== undefined ? { maxAge } : {}),
  };
}

function readRateLimit(r: FieldReader, p: YamlPath): ContourRateLimitPolicy {
  const lp: YamlPath = [...p, 'local'];
  let local: ContourRateLimitPolicy['local'];
  if (r.has(lp)) {
    const requests = r.int([...lp, 'requests']);
    if (requests === undefined || requests < 1)
      r.reject('RL801', lp, 'rateLimitPolicy.local.requests is required and must be at least 1.');
    const unit = r.str([...lp, 'unit']);
    if (unit !== 'second' && unit !== 'minute' && unit !== 'hour')
      r.reject(
        'RL801',
        unit === undefined ? lp : [...lp, 'unit'],
        'rateLimitPolicy.local.unit is required: second, minute or hour.',
      );
    const status = r.int([...lp, 'responseStatusCode']);
    if (status !== undefined && (status < 400 || status > 599))
      r.reject('RL801', [...lp, 'responseStatusCode'], 'responseStatusCode must be 400-599.');
    local = {
      requests: requests ?? 1,
      unit: unit === 'minute' || unit === 'hour' ? unit : 'second',
      burst: r.int([...lp, 'burst']) ?? 0,
      source: r.at(lp),
      ...(status !== undefined ? { responseStatusCode: status } : {}),
    };
  }
  return {
    hasGlobal: r.has([...p, 'global']),
    source: r.at(p),
    ...(local ? { local } : {}),
  };
}

function readIpFilters(r: FieldReader, p: YamlPath): ContourIpFilter[] {
  return r.list(p).map((_, i) => {
    const q: YamlPath = [...p, i];
    const source = r.str([...q, 'source']);
    if (source !== 'Peer' && source !== 'Remote')
      r.reject('RL801', q, 'An IP filter needs source: Peer or Remote.');
    const cidr = r.str([...q, 'cidr']) ?? '';
    if (!cidr) r.reject('RL801', q, 'An IP filter needs a cidr.');
    return { source: source === 'Remote' ? 'Remote' : 'Peer', cidr };
  });
}

function readRoute(r: FieldReader, p: YamlPath): ContourRoute {
  checkFields(r, p, 'route');
  const conditions = readConditions(r, [...p, 'conditions']);
  const services = r.list([...p, 'services']).map((_, i) => readService(r, [...p, 'services', i]));
  const timeoutPolicy = r.has([...p, 'timeoutPolicy'])
    ? readTimeoutPolicy(r, [...p, 'timeoutPolicy'])
    : undefined;
  const retryPolicy = r.has([...p, 'retryPolicy'])
    ? readRetryPolicy(r, [...p, 'retryPolicy'])
    : undefined;
  const loadBalancerPolicy = r.has([...p, 'loadBalancerPolicy'])
    ? readLoadBalancerPolicy(r, [...p, 'loadBalancerPolicy'])
    : undefined;
  const pathRewritePolicy = r.has([...p, 'pathRewritePolicy'])
    ? readPathRewrite(r, [...p, 'pathRewritePolicy'])
    : undefined;
  const requestHeadersPolicy = readHeadersPolicy(r, [...p, 'requestHeadersPolicy']);
  const responseHeadersPolicy = readHeadersPolicy(r, [...p, 'responseHeadersPolicy']);
  const requestRedirectPolicy = r.has([...p, 'requestRedirectPolicy'])
    ? readRedirect(r, [...p, 'requestRedirectPolicy'])
    : undefined;
  const directResponsePolicy = r.has([...p, 'directResponsePolicy'])
    ? readDirectResponse(r, [...p, 'directResponsePolicy'])
    : undefined;
  const rateLimitPolicy = r.has([...p, 'rateLimitPolicy'])
    ? readRateLimit(r, [...p, 'rateLimitPolicy'])
    : undefined;
  const authDisabled = r.has([...p, 'authPolicy'])
    ? (r.bool([...p, 'authPolicy', 'disabled']) ?? false)
    : undefined;
  return {
    conditions,
    services,
    enableWebsockets: r.bool([...p, 'enableWebsockets']) ?? false,
    permitInsecure: r.bool([...p, 'permitInsecure']) ?? false,
    ipAllowPolicy: readIpFilters(r, [...p, 'ipAllowPolicy']),
    ipDenyPolicy: readIpFilters(r, [...p, 'ipDenyPolicy']),
    source: r.at(p),
    ...(timeoutPolicy ? { timeoutPolicy } : {}),
    ...(retryPolicy ? { retryPolicy } : {}),
    ...(loadBalancerPolicy ? { loadBalancerPolicy } : {}),
    ...(pathRewritePolicy ? { pathRewritePolicy } : {}),
    ...(requestHeadersPolicy ? { requestHeadersPolicy } : {}),
    ...(responseHeadersPolicy ? { responseHeadersPolicy } : {}),
    ...(requestRedirectPolicy ? { requestRedirectPolicy } : {}),
    ...(directResponsePolicy ? { directResponsePolicy } : {}),
    ...(rateLimitPolicy ? { rateLimitPolicy } : {}),
    ...(authDisabled !== undefined ? { authDisabled } : {}),
  };
}

function readConditions(r: FieldReader, p: YamlPath): ContourMatchCondition[] {
  return r.list(p).map((_, i) => {
    const q: YamlPath = [...p, i];
    checkFields(r, q, 'condition');
    const prefix = optionalStr(r, [...q, 'prefix']);
    const exact = optionalStr(r, [...q, 'exact']);
    const regex = optionalStr(r, [...q, 'regex']);
    const header = r.has([...q, 'header']) ? readHeaderCondition(r, [...q, 'header']) : undefined;
    const queryParameter = r.has([...q, 'queryParameter'])
      ? readQueryCondition(r, [...q, 'queryParameter'])
      : undefined;
    return {
      source: r.at(q),
      ...(prefix !== undefined ? { prefix } : {}),
      ...(exact !== undefined ? { exact } : {}),
      ...(regex !== undefined ? { regex } : {}),
      ...(header ? { header } : {}),
      ...(queryParameter ? { queryParameter } : {}),
    };
  });
}

function readHeaderCondition(r: FieldReader, p: YamlPath): ContourHeaderCondition {
  checkFields(r, p, 'header');
  const name = r.str([...p, 'name']) ?? '';
  if (!name) r.reject('RL801', p, 'A header condition needs a name (the schema requires it).');
  const pick = (k: string): Record<string, string> => {
    const v = optionalStr(r, [...p, k]);
    return v === undefined ? {} : { [k]: v };
  };
  return {
    name,
    present: r.bool([...p, 'present']) ?? false,
    notpresent: r.bool([...p, 'notpresent']) ?? false,
    ignoreCase: r.bool([...p, 'ignoreCase']) ?? false,
    treatMissingAsEmpty: r.bool([...p, 'treatMissingAsEmpty']) ?? false,
    ...pick('contains'),
    ...pick('notcontains'),
    ...pick('exact'),
    ...pick('notexact'),
    ...pick('regex'),
  };
}

function readQueryCondition(r: FieldReader, p: YamlPath): ContourQueryCondition {
  checkFields(r, p, 'queryParameter');
  const name = r.str([...p, 'name']) ?? '';
  if (!name)
    r.reject('RL801', p, 'A queryParameter condition needs a name (the schema requires it).');
  const pick = (k: string): Record<string, string> => {
    const v = optionalStr(r, [...p, k]);
    return v === undefined ? {} : { [k]: v };
  };
  return {
    name,
    present: r.bool([...p, 'present']) ?? false,
    ignoreCase: r.bool([...p, 'ignoreCase']) ?? false,
    ...pick('exact'),
    ...pick('prefix'),
    ...pick('suffix'),
    ...pick('regex'),
    ...pick('contains'),
  };
}

function readService(r: FieldReader, p: YamlPath): ContourService {
  checkFields(r, p, 'service');
  const name = r.str([...p, 'name']) ?? '';
  if (!name) r.reject('RL801', p, 'A service needs a name (the schema requires it).');
  const port = r.int([...p, 'port']);
  if (port === undefined)
    r.reject('RL801', p, `Service "${name}" needs a port (the schema requires it).`, {
      title: 'Add port: 80',
    });
  else if (port < 1 || port > 65535)
    r.reject('RL801', [...p, 'port'], `port ${port} is out of range 1-65535.`);
  const weight = r.int([...p, 'weight']);
  if (weight !== undefined && weight < 0)
    r.reject('RL801', [...p, 'weight'], `weight ${weight} must not be negative.`);
  const protocol = r.str([...p, 'protocol']);
  if (protocol !== undefined && !['h2', 'h2c', 'tls'].includes(protocol))
    r.reject('RL801', [...p, 'protocol'], `protocol "${protocol}" is not one of h2, h2c, tls.`);
  const requestHeadersPolicy = readHeadersPolicy(r, [...p, 'requestHeadersPolicy']);
  const responseHeadersPolicy = readHeadersPolicy(r, [...p, 'responseHeadersPolicy']);
  return {
    name,
    port: port ?? 0,
    mirror: r.bool([...p, 'mirror']) ?? false,
    source: r.at(p),
    ...(weight !== undefined ? { weight } : {}),
    ...(protocol !== undefined ? { protocol } : {}),
    ...(requestHeadersPolicy ? { requestHeadersPolicy } : {}),
    ...(responseHeadersPolicy ? { responseHeadersPolicy } : {}),
  };
}

function readHeadersPolicy(r: FieldReader, p: YamlPath): ContourHeadersPolicy | undefined {
  if (!r.has(p)) return undefined;
  const set = r.list([...p, 'set']).map((_, i) => {
    const q: YamlPath = [...p, 'set', i];
    const name = r.str([...q, 'name']) ?? '';
    const value = r.str([...q, 'value']) ?? '';
    if (!name || !value)
      r.reject('RL801', q, 'A header to set needs both name and value (the schema requires them).');
    return { name, value };
  });
  return { set, remove: r.strings([...p, 'remove']), source: r.at(p) };
}

function readTimeoutPolicy(r: FieldReader, p: YamlPath): ContourTimeoutPolicy {
  checkFields(r, p, 'timeoutPolicy');
  return {
    response: contourDuration(durationField(r, [...p, 'response'])),
    idle: contourDuration(durationField(r, [...p, 'idle'])),
    idleConnection: contourDuration(durationField(r, [...p, 'idleConnection'])),
    source: r.at(p),
  };
}

function readRetryPolicy(r: FieldReader, p: YamlPath): ContourRetryPolicy {
  checkFields(r, p, 'retryPolicy');
  const count = r.int([...p, 'count']);
  if (count !== undefined && count < -1)
    r.reject('RL801', [...p, 'count'], `count ${count} must be -1 (no retries) or more.`);
  const perTryTimeout = durationField(r, [...p, 'perTryTimeout']);
  const retryOn = r.strings([...p, 'retryOn']);
  retryOn.forEach((v, i) => {
    if (!RETRY_ON_VALUES.includes(v))
      r.reject(
        'RL801',
        [...p, 'retryOn', i],
        `retryOn "${v}" is not one the schema allows (${RETRY_ON_VALUES.slice(0, 11).join(', ')}, or a gRPC condition).`,
      );
  });
  const retriableStatusCodes = r.list([...p, 'retriableStatusCodes']).flatMap((_, i) => {
    const v = r.int([...p, 'retriableStatusCodes', i]);
    return v === undefined ? [] : [v];
  });
  return {
    retryOn,
    retriableStatusCodes,
    source: r.at(p),
    ...(count !== undefined ? { count } : {}),
    ...(perTryTimeout !== undefined ? { perTryTimeout } : {}),
  };
}

function readLoadBalancerPolicy(r: FieldReader, p: YamlPath): ContourLoadBalancerPolicy {
  checkFields(r, p, 'loadBalancerPolicy');
  const strategy = optionalStr(r, [...p, 'strategy']);
  const requestHashPolicies: ContourRequestHashPolicy[] = r
    .list([...p, 'requestHashPolicies'])
    .map((_, i) => {
      const q: YamlPath = [...p, 'requestHashPolicies', i];
      const headerName = optionalStr(r, [...q, 'headerHashOptions', 'headerName']);
      const queryParameterName = optionalStr(r, [
        ...q,
        'queryParameterHashOptions',
        'parameterName',
      ]);
      return {
        terminal: r.bool([...q, 'terminal']) ?? false,
        hashSourceIP: r.bool([...q, 'hashSourceIP']) ?? false,
        ...(headerName !== undefined ? { headerName } : {}),
        ...(queryParameterName !== undefined ? { queryParameterName } : {}),
      };
    });
  return {
    requestHashPolicies,
    source: r.at(p),
    ...(strategy !== undefined ? { strategy } : {}),
  };
}

function readPathRewrite(r: FieldReader, p: YamlPath): ContourPathRewritePolicy {
  const replacePrefix = r.list([...p, 'replacePrefix']).map((_, i) => {
    const q: YamlPath = [...p, 'replacePrefix', i];
    const prefix = optionalStr(r, [...q, 'prefix']);
    const replacement = r.str([...q, 'replacement']) ?? '';
    if (!replacement)
      r.reject('RL801', q, 'replacePrefix needs a non-empty replacement (the schema requires it).');
    return { replacement, ...(prefix !== undefined ? { prefix } : {}) };
  });
  return { replacePrefix, source: r.at(p) };
}

function readRedirect(r: FieldReader, p: YamlPath): ContourRedirectPolicy {
  const scheme = r.str([...p, 'scheme']);
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
    r.reject('RL801', [...p, 'scheme'], `scheme "${scheme}" must be http or https.`);
  const hostname = optionalStr(r, [...p, 'hostname']);
  const port = r.int([...p, 'port']);
  if (port !== undefined && (port < 1 || port > 65535))
    r.reject('RL801', [...p, 'port'], `port ${port} is out of range 1-65535.`);
  // +kubebuilder:default=302
  const statusCode = r.int([...p, 'statusCode']) ?? 302;
  if (!REDIRECT_CODES.includes(statusCode))
    r.reject(
      'RL801',
      [...p, 'statusCode'],
      `statusCode ${statusCode} must be 301, 302, 303, 307 or 308.`,
    );
  const path = optionalStr(r, [...p, 'path']);
  const prefix = optionalStr(r, [...p, 'prefix']);
  for (const [k, v] of [
    ['path', path],
    ['prefix', prefix],
  ] as const)
    if (v !== undefined && !v.startsWith('/'))
      r.reject('RL801', [...p, k], `${k} "${v}" must start with "/".`);
  return {
    statusCode,
    source: r.at(p),
    ...(scheme === 'http' || scheme === 'https' ? { scheme } : {}),
    ...(hostname !== undefined ? { hostname } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(prefix !== undefined ? { prefix } : {}),
  };
}

function readDirectResponse(r: FieldReader, p: YamlPath): ContourDirectResponsePolicy {
  const statusCode = r.int([...p, 'statusCode']);
  if (statusCode === undefined || statusCode < 200 || statusCode > 599)
    r.reject('RL801', p, 'directResponsePolicy.statusCode is required and must be 200-599.');
  const body = r.str([...p, 'body']);
  return {
    statusCode: statusCode ?? 200,
    source: r.at(p),
    ...(body !== undefined ? { body } : {}),
  };
}

function readInclude(r: FieldReader, p: YamlPath): ContourInclude {
  checkFields(r, p, 'include');
  const name = r.str([...p, 'name']) ?? '';
  if (!name) r.reject('RL801', p, 'An include needs the name of the HTTPProxy it includes.');
  const namespace = optionalStr(r, [...p, 'namespace']);
  return {
    name,
    conditions: readConditions(r, [...p, 'conditions']),
    source: r.at(p),
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

export function readTLSCertificateDelegation(
  r: FieldReader,
  apiVersion: string,
  order: number,
): TLSCertificateDelegation | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  const delegations: ContourCertificateDelegation[] = r
    .list(['spec', 'delegations'])
    .map((_, i) => {
      const p: YamlPath = ['spec', 'delegations', i];
      const secretName = r.str([...p, 'secretName']) ?? '';
      if (!secretName) r.reject('RL801', p, 'A delegation needs a secretName.');
      return {
        secretName,
        targetNamespaces: r.strings([...p, 'targetNamespaces']),
        source: r.at(p),
      };
    });
  return {
    kind: 'TLSCertificateDelegation',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    delegations,
  };
}
