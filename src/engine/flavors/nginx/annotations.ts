/**
 * An Ingress's `nginx.ingress.kubernetes.io/*` annotations, parsed as ingress-nginx's
 * parsers do ([INX] internal/ingress/annotations/<name>/main.go): a value that does not
 * parse is ignored with a warning and the ConfigMap value (or default) applies.
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import type { Ingress } from '../../model/resources.js';
import type { SourceRef } from '../../model/source.js';
import { parseCidrList } from '../../util/net.js';
import { parseNginxSize } from '../../util/units.js';
import type { NginxConfig } from './config.js';

export const ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io/';

/**
 * The full annotation name of a short one, made once: an Ingress is asked for some sixty
 * annotations, and a name joined anew each time must be copied and hashed before the lookup.
 */
const fullNames = new Map<string, string>();
function annotationName(key: string): string {
  let name = fullNames.get(key);
  if (name === undefined) {
    name = ANNOTATION_PREFIX + key;
    fullNames.set(key, name);
  }
  return name;
}

export interface CanarySettings {
  readonly byHeader?: string;
  readonly byHeaderValue?: string;
  readonly byHeaderPattern?: string;
  readonly byCookie?: string;
  readonly weight: number;
  readonly weightTotal: number;
}

export interface IngressSettings {
  readonly rewriteTarget?: string;
  readonly useRegex: boolean;
  readonly appRoot?: string;
  readonly xForwardedPrefix?: string;
  readonly sslRedirect: boolean;
  readonly forceSslRedirect: boolean;
  readonly preserveTrailingSlash: boolean;
  readonly permanentRedirect?: { readonly url: string; readonly code: number };
  readonly temporalRedirect?: { readonly url: string; readonly code: number };
  readonly proxyBodySize: string;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly sendTimeoutMs: number;
  readonly nextUpstream: readonly string[];
  readonly nextUpstreamTries: number;
  readonly nextUpstreamTimeoutMs: number;
  readonly limitRps?: number;
  readonly limitRpm?: number;
  readonly limitConnections?: number;
  readonly limitBurstMultiplier: number;
  readonly limitAllowlist: string;
  readonly allowlist: string;
  readonly denylist: string;
  readonly auth?: { readonly type: string; readonly secret?: string; readonly realm: string };
  readonly cors?: { readonly origin: string; readonly methods: string };
  readonly backendProtocol: string;
  readonly upstreamVhost?: string;
  readonly loadBalance: 'round_robin' | 'ewma';
  readonly upstreamHashBy?: string;
  readonly affinityCookie?: string;
  readonly canary?: CanarySettings;
  readonly defaultBackend?: string;
  readonly serviceUpstream: boolean;
  /**
   * Where an annotation that was read is, by its short name (undefined when it was absent,
   * or not read because another one decided first). Found in the YAML on the first ask:
   * most are never asked for, and finding one walks the document.
   */
  source(key: string): SourceRef | undefined;
}

const BACKEND_PROTOCOLS = ['HTTP', 'HTTPS', 'AUTO_HTTP', 'GRPC', 'GRPCS', 'FCGI'];

export function readIngressSettings(
  ing: Ingress,
  cfg: NginxConfig,
  diagnostics: Diagnostic[],
): IngressSettings {
  const ann = ing.meta.annotations;
  const read = new Set<string>();
  const found = new Map<string, SourceRef>();
  const raw = (key: string): string | undefined => {
    const v = ann[annotationName(key)];
    if (v !== undefined) read.add(key);
    return v;
  };
  const source = (key: string): SourceRef | undefined => {
    if (!read.has(key)) return undefined;
    let at = found.get(key);
    if (!at) {
      at = ing.locate(['metadata', 'annotations', annotationName(key)]);
      found.set(key, at);
    }
    return at;
  };
  const warn = (key: string, why: string, fallback: string): void => {
    diagnostics.push({
      code: 'RL207',
      severity: 'warning',
      message: `${annotationName(key)}: ${why}; ingress-nginx ignores it and uses ${fallback}.`,
      source: ing.locate(['metadata', 'annotations', annotationName(key)]),
    });
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = raw(key);
    if (v === undefined) return fallback;
    if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
    if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
    warn(key, `"${v}" is not true or false`, String(fallback));
    return fallback;
  };
  // Timeouts and counts are parsed with strconv.Atoi: "300s" is not a number.
  const int = (key: string): number | undefined => {
    const v = raw(key);
    if (v === undefined) return undefined;
    if (/^-?\d+$/.test(v.trim())) return Number(v.trim());
    warn(
      key,
      `"${v}" is not a whole number${/^\d+\s*[a-z]+$/i.test(v.trim()) ? ' (timeouts are plain seconds: write "300", not "300s")' : ''}`,
      'the default',
    );
    return undefined;
  };
  const seconds = (key: string, fallbackMs: number): number => {
    const n = int(key);
    // ValidateInt lets "-1" through ([INX] annotations/proxy/main.go), but the template writes
    // `proxy_read_timeout -1s;`, which nginx refuses ("invalid value": ngx_parse_time has no
    // sign), so `nginx -t` and the admission webhook reject it. A negative time never applies.
    if (n !== undefined && n < 0) {
      warn(key, `${n} is negative; nginx rejects "${n}s" as an invalid time`, 'the default');
      return fallbackMs;
    }
    return n === undefined ? fallbackMs : n * 1000;
  };

  const bodySize = raw('proxy-body-size');
  let proxyBodySize = cfg.proxyBodySize;
  if (bodySize !== undefined) {
    if (parseNginxSize(bodySize) === undefined)
      warn('proxy-body-size', `"${bodySize}" is not an nginx size such as 8m`, cfg.proxyBodySize);
    else proxyBodySize = bodySize;
  }
  let backendProtocol = (raw('backend-protocol') ?? 'HTTP').trim().toUpperCase();
  if (!BACKEND_PROTOCOLS.includes(backendProtocol)) {
    warn(
      'backend-protocol',
      `"${ann[annotationName('backend-protocol')] ?? ''}" is not one of ${BACKEND_PROTOCOLS.join(', ')}`,
      'HTTP',
    );
    backendProtocol = 'HTTP';
  }
  const redirect = (
    key: string,
    codeKey: string,
    fallbackCode: number,
    range: [number, number],
  ) => {
    const url = raw(key);
    if (!url) return undefined;
    const code = int(codeKey);
    if (code !== undefined && (code < range[0] || code > range[1])) {
      warn(codeKey, `${code} is outside ${range[0]}-${range[1]}`, String(fallbackCode));
      return { url, code: fallbackCode };
    }
    return { url, code: code ?? fallbackCode };
  };
  const lb = raw('load-balance');
  let loadBalance = cfg.loadBalance;
  if (lb !== undefined) {
    if (lb === 'round_robin' || lb === 'ewma') loadBalance = lb;
    else warn('load-balance', `"${lb}" is not round_robin or ewma`, cfg.loadBalance);
  }
  const authType = raw('auth-type');
  const canaryOn = bool('canary', false);
  const weightTotal = int('canary-weight-total') ?? 100;
  const settings: IngressSettings = {
    useRegex: bool('use-regex', false),
    sslRedirect: bool('ssl-redirect', cfg.sslRedirect),
    forceSslRedirect: bool('force-ssl-redirect', cfg.forceSslRedirect),
    preserveTrailingSlash: bool('preserve-trailing-slash', false),
    proxyBodySize,
    connectTimeoutMs: seconds('proxy-connect-timeout', cfg.proxyConnectTimeoutMs),
    readTimeoutMs: seconds('proxy-read-timeout', cfg.proxyReadTimeoutMs),
    sendTimeoutMs: seconds('proxy-send-timeout', cfg.proxySendTimeoutMs),
    nextUpstream: (raw('proxy-next-upstream') ?? cfg.proxyNextUpstream.join(' '))
      .split(/\s+/)
      .filter(Boolean),
    nextUpstreamTries: int('proxy-next-upstream-tries') ?? cfg.proxyNextUpstreamTries,
    nextUpstreamTimeoutMs: seconds('proxy-next-upstream-timeout', cfg.proxyNextUpstreamTimeoutMs),
    limitBurstMultiplier: int('limit-burst-multiplier') ?? 5,
    limitAllowlist: raw('limit-allowlist') ?? raw('limit-whitelist') ?? '',
    allowlist:
      raw('allowlist-source-range') ?? raw('whitelist-source-range') ?? cfg.whitelistSourceRange,
    denylist: raw('denylist-source-range') ?? cfg.denylistSourceRange,
    backendProtocol,
    loadBalance,
    serviceUpstream: bool('service-upstream', cfg.serviceUpstream),
    source,
  };
  const optional: Partial<Record<keyof IngressSettings, unknown>> = {
    rewriteTarget: raw('rewrite-target'),
    appRoot: raw('app-root'),
    xForwardedPrefix: raw('x-forwarded-prefix'),
    permanentRedirect: redirect('permanent-redirect', 'permanent-redirect-code', 301, [300, 308]),
    temporalRedirect: redirect('temporal-redirect', 'temporal-redirect-code', 302, [300, 307]),
    limitRps: int('limit-rps'),
    limitRpm: int('limit-rpm'),
    limitConnections: int('limit-connections'),
    auth: authType
      ? { type: authType, secret: raw('auth-secret'), realm: raw('auth-realm') ?? '' }
      : undefined,
    cors: bool('enable-cors', false)
      ? {
          origin: raw('cors-allow-origin') ?? '*',
          methods: raw('cors-allow-methods') ?? 'GET, PUT, POST, DELETE, PATCH, OPTIONS',
        }
      : undefined,
    upstreamVhost: raw('upstream-vhost'),
    upstreamHashBy: raw('upstream-hash-by') ?? cfg.upstreamHashBy,
    affinityCookie:
      raw('affinity') === 'cookie' ? (raw('session-cookie-name') ?? 'INGRESSCOOKIE') : undefined,
    canary: canaryOn
      ? {
          byHeader: raw('canary-by-header'),
          byHeaderValue: raw('canary-by-header-value'),
          byHeaderPattern: raw('canary-by-header-pattern'),
          byCookie: raw('canary-by-cookie'),
          weight: int('canary-weight') ?? 0,
          weightTotal,
        }
      : undefined,
    defaultBackend: raw('default-backend'),
  };
  for (const [k, v] of Object.entries(optional)) {
    if (v === undefined) continue;
    if (k === 'auth' || k === 'canary') {
      (settings as unknown as Record<string, unknown>)[k] = stripUndefined(
        v as Record<string, unknown>,
      );
    } else (settings as unknown as Record<string, unknown>)[k] = v;
  }
  for (const key of [
    'allowlist-source-range',
    'whitelist-source-range',
    'denylist-source-range',
    'limit-allowlist',
    'limit-whitelist',
  ]) {
    const v = ann[annotationName(key)];
    if (v === undefined) continue;
    const { invalid } = parseCidrList(v);
    if (invalid.length > 0) warn(key, `not a CIDR: ${invalid.join(', ')}`, 'no restriction');
  }
  return settings;
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
