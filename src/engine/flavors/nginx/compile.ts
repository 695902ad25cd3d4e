/**
 * Ingresses → ingress-nginx's model → the shared route table.
 *
 * Follows [INX] internal/ingress/controller/controller.go (createServers,
 * getBackendServers, mergeAlternativeBackends), location.go (updateServerLocations)
 * and template.go (buildLocation, buildProxyPass), controller v1.15.1:
 *  - Ingresses oldest first; one nginx `server` per host; the oldest wins a duplicate
 *    host + path + pathType, and the oldest TLS section wins a host.
 *  - Host-less rules go to the catch-all server `_` only (not to named hosts).
 *  - Locations sorted by descending path length; `Prefix /foo` becomes
 *    `location /foo/` plus `location = /foo`; use-regex or rewrite-target anywhere on a
 *    host turns every location of that host into `location ~* "^<path>"`.
 */
import type { CertificateSummary } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import type {
  Ingress,
  IngressBackend,
  IngressPath,
  PathType,
  Secret,
} from '../../model/resources.js';
import type {
  AlternativeBackend,
  BackendRef,
  Route,
  RouteAction,
  RouteCheck,
  RoutePolicy,
  RouteTable,
  TlsBinding,
  VirtualHost,
} from '../../model/routeTable.js';
import { assumedSource, sameSource, type SourceRef } from '../../model/source.js';
import { parseCidrList } from '../../util/net.js';
import { parseNginxSize } from '../../util/units.js';
import { readIngressSettings, type IngressSettings } from './annotations.js';
import type { NginxConfig } from './config.js';
import { certificateCovers } from './certificates.js';

export const CATCH_ALL = '_';

/**
 * Annotation parsing per Ingress object and ConfigMap settings: re-evaluating after an
 * edit to another document reuses it (the loader keeps unchanged objects).
 */
const settingsCache = new WeakMap<
  Ingress,
  { config: NginxConfig; settings: IngressSettings; diagnostics: Diagnostic[] }
>();

function cachedSettings(
  ing: Ingress,
  config: NginxConfig,
  diagnostics: Diagnostic[],
): IngressSettings {
  const hit = settingsCache.get(ing);
  if (hit && hit.config === config) {
    diagnostics.push(...hit.diagnostics);
    return hit.settings;
  }
  const own: Diagnostic[] = [];
  const settings = readIngressSettings(ing, config, own);
  settingsCache.set(ing, { config, settings, diagnostics: own });
  diagnostics.push(...own);
  return settings;
}

interface Location {
  /** nginx location path (after normalization). */
  path: string;
  pathType: PathType;
  ingress: Ingress | undefined;
  ingressPath?: IngressPath;
  settings: IngressSettings | undefined;
  backend: BackendRef | undefined;
  isDefBackend: boolean;
  alternatives: AlternativeBackend[];
  source: SourceRef;
  /** The Ingress path as written, for explanations. */
  written: string;
}

interface Server {
  hostname: string;
  locations: Location[];
  tls?: TlsBinding;
  sources: SourceRef[];
}

export interface CompileInput {
  readonly ingresses: readonly Ingress[];
  readonly config: NginxConfig;
  readonly certificates: ReadonlyMap<string, CertificateSummary>;
  readonly secrets: ReadonlyMap<string, Secret>;
  /** `--default-backend-service` namespace/name, when set. */
  readonly defaultBackendService?: string;
  readonly controllerSource: SourceRef;
}

/** ingress-nginx's order: oldest first; equal timestamps → namespace/name in *descending* order. */
export function sortIngresses(ingresses: readonly Ingress[]): Ingress[] {
  // The keys once per Ingress, not once per comparison (a thousand Ingresses make ten
  // thousand comparisons, each parsing two dates).
  const keyed = ingresses.map((ing) => {
    const t = ing.meta.creationTimestamp ? Date.parse(ing.meta.creationTimestamp) : 0;
    // Objects created by one `kubectl apply` share a timestamp at 1-second resolution.
    return { ing, second: Math.floor(t / 1000), name: `${ing.meta.namespace}/${ing.meta.name}` };
  });
  keyed.sort((a, b) => {
    if (a.second !== b.second) return a.second - b.second;
    return a.name > b.name ? -1 : a.name < b.name ? 1 : 0;
  });
  return keyed.map((k) => k.ing);
}

function backendRef(ing: Ingress, b: IngressBackend): BackendRef | undefined {
  if (!b.service) return undefined;
  return {
    namespace: ing.meta.namespace,
    service: b.service.name,
    port: b.service.port,
    source: b.source,
  };
}

function needsRewrite(loc: Location): boolean {
  const t = loc.settings?.rewriteTarget;
  return t !== undefined && t.length > 0 && t !== loc.path;
}

export function compileNginx(input: CompileInput, diagnostics: Diagnostic[]): RouteTable {
  const ingresses = sortIngresses(input.ingresses);
  const settings = new Map<Ingress, IngressSettings>();
  for (const ing of ingresses) settings.set(ing, cachedSettings(ing, input.config, diagnostics));

  const defaultSource = input.defaultBackendService
    ? assumedSource(
        'Service',
        input.defaultBackendService.split('/')[0] ?? '',
        input.defaultBackendService.split('/')[1] ?? '',
      )
    : input.controllerSource;
  const rootLocation = (
    backend: BackendRef | undefined,
    ing: Ingress | undefined,
    source: SourceRef,
  ): Location => ({
    path: '/',
    pathType: 'Prefix',
    ingress: ing,
    settings: ing ? settings.get(ing) : undefined,
    backend,
    isDefBackend: true,
    alternatives: [],
    source,
    written: '/',
  });
  const servers = new Map<string, Server>();
  servers.set(CATCH_ALL, {
    hostname: CATCH_ALL,
    locations: [rootLocation(undefined, undefined, defaultSource)],
    sources: [],
  });

  // createServers: one server per host, its root location → the default backend, or the
  // spec.defaultBackend of the first (oldest) Ingress that names the host.
  for (const ing of ingresses) {
    const s = settings.get(ing);
    if (s?.canary) continue;
    const def = ing.defaultBackend ? backendRef(ing, ing.defaultBackend) : undefined;
    if (def && ing.rules.length === 0) {
      const catchAll = servers.get(CATCH_ALL);
      const root = catchAll?.locations[0];
      if (root && root.backend === undefined) {
        Object.assign(root, {
          backend: def,
          ingress: ing,
          settings: s,
          source: ing.defaultBackend?.source ?? ing.source,
          isDefBackend: false,
        });
      }
    }
    for (const rule of ing.rules) {
      const host = rule.host ?? CATCH_ALL;
      if (servers.has(host)) continue;
      servers.set(host, {
        hostname: host,
        locations: [
          rootLocation(def, ing, def ? (ing.defaultBackend?.source ?? ing.source) : defaultSource),
        ],
        sources: [],
      });
    }
  }

  // getBackendServers: add every path; the oldest wins a duplicate path + pathType.
  for (const ing of ingresses) {
    const s = settings.get(ing);
    if (!s || s.canary) continue;
    for (const rule of ing.rules) {
      const server = servers.get(rule.host ?? CATCH_ALL);
      if (!server) continue;
      server.sources.push(rule.source);
      for (const p of rule.paths) {
        const nginxPath = p.path === '' ? '/' : p.path;
        // ingress-nginx rewrites ImplementationSpecific to Prefix (SetDefaultNGINXPathType).
        const pathType: PathType = p.pathType === 'Exact' ? 'Exact' : 'Prefix';
        const backend = backendRef(ing, p.backend);
        let add = true;
        for (const loc of server.locations) {
          if (loc.path !== nginxPath) continue;
          if (loc.pathType !== pathType) break; // same path, other type: both are kept
          add = false;
          if (!loc.isDefBackend) {
            if (loc.ingress && loc.ingress !== ing) {
              diagnostics.push({
                code: 'RL210',
                severity: 'warning',
                message: `${rule.host ?? '(any host)'} ${pathType} ${nginxPath} is also defined by Ingress ${loc.ingress.meta.namespace}/${loc.ingress.meta.name}, which ingress-nginx treats as older; that one wins and this path is ignored.`,
                source: p.source,
              });
            }
            break;
          }
          // The placeholder root location is replaced by a real `/` path.
          Object.assign(loc, {
            backend,
            ingress: ing,
            settings: s,
            isDefBackend: false,
            source: p.source,
            ingressPath: p,
            written: p.path || '/',
          });
          break;
        }
        if (add) {
          server.locations.push({
            path: nginxPath,
            pathType,
            ingress: ing,
            ingressPath: p,
            settings: s,
            backend,
            isDefBackend: false,
            alternatives: [],
            source: p.source,
            written: p.path || '/',
          });
        }
      }
    }
  }

  mergeCanaries(ingresses, settings, servers, diagnostics);
  assignTls(ingresses, servers, input.certificates);

  const profiles = new ProfileCache(input);
  const virtualHosts: VirtualHost[] = [];
  let fallback: VirtualHost | undefined;
  for (const server of [...servers.values()].sort((a, b) =>
    a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0,
  )) {
    const vh = cachedVirtualHost(server, input, profiles);
    if (server.hostname === CATCH_ALL) fallback = vh;
    else virtualHosts.push(vh);
  }
  return {
    family: 'nginx',
    virtualHosts,
    fallback: fallback ?? buildVirtualHost(servers.get(CATCH_ALL) as Server, input, profiles),
  };
}

function mergeCanaries(
  ingresses: readonly Ingress[],
  settings: Map<Ingress, IngressSettings>,
  servers: Map<string, Server>,
  diagnostics: Diagnostic[],
): void {
  for (const ing of ingresses) {
    const canary = settings.get(ing)?.canary;
    if (!canary) continue;
    const alt = (b: BackendRef): AlternativeBackend => ({
      ...b,
      ...(canary.byHeader
        ? {
            byHeader: {
              name: canary.byHeader,
              ...(canary.byHeaderValue ? { value: canary.byHeaderValue } : {}),
              ...(canary.byHeaderPattern ? { pattern: canary.byHeaderPattern } : {}),
            },
          }
        : {}),
      ...(canary.byCookie ? { byCookie: canary.byCookie } : {}),
      weight: canary.weight,
      weightTotal: canary.weightTotal,
    });
    for (const rule of ing.rules) {
      const server = servers.get(rule.host ?? CATCH_ALL);
      for (const p of rule.paths) {
        const b = backendRef(ing, p.backend);
        const nginxPath = p.path === '' ? '/' : p.path;
        const primary = server?.locations.find((l) => l.path === nginxPath && !l.isDefBackend);
        if (!b || !primary) {
          diagnostics.push({
            code: 'RL212',
            severity: 'warning',
            message: `Canary Ingress ${ing.meta.namespace}/${ing.meta.name}: no main Ingress serves ${rule.host ?? '(any host)'} ${nginxPath}, so ingress-nginx skips this canary ("unable to find real backend").`,
            source: p.source,
          });
          continue;
        }
        if (primary.alternatives.length > 0) {
          diagnostics.push({
            code: 'RL212',
            severity: 'warning',
            message: `${rule.host ?? '(any host)'} ${nginxPath} already has a canary; ingress-nginx uses only the first alternative backend.`,
            source: p.source,
          });
          continue;
        }
        primary.alternatives.push(alt(b));
      }
    }
  }
}

/** createServers' TLS pass: the oldest Ingress with a TLS section decides a host's certificate. */
function assignTls(
  ingresses: readonly Ingress[],
  servers: Map<string, Server>,
  certificates: ReadonlyMap<string, CertificateSummary>,
): void {
  for (const ing of ingresses) {
    if (ing.tls.length === 0) continue;
    for (const rule of ing.rules) {
      const host = rule.host;
      if (!host) continue;
      const server = servers.get(host);
      if (!server || server.tls) continue;
      const listed = ing.tls.find((t) =>
        t.hosts.some((h) => h.toLowerCase() === host.toLowerCase()),
      );
      let secretName = listed?.secretName;
      let source = listed?.source ?? ing.locate(['spec', 'tls']);
      if (!listed) {
        // Not listed: use a Secret of this Ingress whose certificate covers the host, if any.
        const covering = ing.tls.find((t) => {
          const cert = t.secretName
            ? certificates.get(`${ing.meta.namespace}/${t.secretName}`)
            : undefined;
          return (
            cert !== undefined &&
            !cert.placeholder &&
            !cert.unusable &&
            certificateCovers(cert, host)
          );
        });
        secretName = covering?.secretName;
        if (covering) source = covering.source;
      }
      if (!secretName) {
        server.tls = {
          defaultReason: listed
            ? `the TLS entry for ${host} has no secretName`
            : `${host} is in the rules of an Ingress with a tls: section but not in its tls hosts`,
          source,
        };
        continue;
      }
      const key = `${ing.meta.namespace}/${secretName}`;
      const cert = certificates.get(key);
      if (!cert) server.tls = { defaultReason: `Secret ${key} does not exist`, source };
      else if (cert.unusable)
        server.tls = { defaultReason: `Secret ${key} ${cert.unusable}`, source };
      else if (!cert.placeholder && !certificateCovers(cert, host))
        server.tls = {
          defaultReason: `the certificate in ${key} does not cover ${host} (it covers ${cert.dnsNames.join(', ') || cert.subject || 'nothing'})`,
          source,
        };
      else server.tls = { secret: key, source };
    }
  }
}

/** Stable sort by reverse-lexical path, then by descending length (controller.go getBackendServers). */
function sortLocations(locations: Location[]): Location[] {
  const byPath = [...locations].sort((a, b) => (a.path > b.path ? -1 : a.path < b.path ? 1 : 0));
  return byPath.sort((a, b) => b.path.length - a.path.length);
}

/** location.go updateServerLocations: Prefix `/foo` → `/foo/` plus an exact `/foo`. */
function updateServerLocations(locations: Location[]): Location[] {
  const exact = new Set(locations.filter((l) => l.pathType === 'Exact').map((l) => l.path));
  const out: Location[] = [];
  for (const loc of locations) {
    if (
      loc.path === '/' ||
      loc.pathType !== 'Prefix' ||
      needsRewrite(loc) ||
      loc.settings?.useRegex
    ) {
      out.push(loc);
      continue;
    }
    const normalized = loc.path.endsWith('/') ? loc.path : `${loc.path}/`;
    if (exact.has(loc.path)) {
      out.push({ ...loc, path: normalized });
      continue;
    }
    const copy: Location = { ...loc, pathType: 'Exact' };
    out.push({ ...loc, path: normalized }, copy);
  }
  return out;
}

/**
 * The virtual hosts last built, by the Ingress that opened their server (the oldest that
 * names the host) and the hostname. A server made of the same objects as last time (the
 * loader keeps an unchanged document's objects, and cachedSettings their annotations) gets
 * the same VirtualHost: typing in one Ingress of a file with a hundred rebuilds the hosts that
 * Ingress is part of, not all of them. Only what buildVirtualHost reads is compared; an entry
 * holds its own server and settings, never the whole input (which would keep every older
 * generation of the file alive through the Ingresses in it).
 */
const hostCache = new WeakMap<Ingress, Map<string, BuiltHost>>();

interface BuiltHost {
  readonly server: Server;
  readonly config: NginxConfig;
  readonly defaultBackendService: string | undefined;
  readonly controllerSource: SourceRef;
  readonly vh: VirtualHost;
}

function cachedVirtualHost(
  server: Server,
  input: CompileInput,
  profiles: ProfileCache,
): VirtualHost {
  const owner = server.locations[0]?.ingress;
  // A canary's alternatives and an auth Secret's users come from other objects than the
  // server's own: such hosts are rare and small, and always built.
  const builtFromOwnObjects = server.locations.every(
    (l) => l.alternatives.length === 0 && l.settings?.auth === undefined,
  );
  if (!owner || !builtFromOwnObjects) return buildVirtualHost(server, input, profiles);
  let hosts = hostCache.get(owner);
  if (!hosts) {
    hosts = new Map();
    hostCache.set(owner, hosts);
  }
  const last = hosts.get(server.hostname);
  if (
    last &&
    last.config === input.config &&
    last.defaultBackendService === input.defaultBackendService &&
    sameSource(last.controllerSource, input.controllerSource) &&
    sameServer(last.server, server)
  )
    return last.vh;
  const vh = buildVirtualHost(server, input, profiles);
  hosts.set(server.hostname, {
    server,
    config: input.config,
    defaultBackendService: input.defaultBackendService,
    controllerSource: input.controllerSource,
    vh,
  });
  return vh;
}

function sameServer(a: Server, b: Server): boolean {
  return (
    a.hostname === b.hostname &&
    sameTls(a.tls, b.tls) &&
    a.sources.length === b.sources.length &&
    a.sources.every((s, i) => sameSource(s, b.sources[i] as SourceRef)) &&
    a.locations.length === b.locations.length &&
    a.locations.every((l, i) => sameLocation(l, b.locations[i] as Location))
  );
}

function sameTls(a: TlsBinding | undefined, b: TlsBinding | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.secret === b.secret &&
    a.defaultReason === b.defaultReason &&
    a.automatic === undefined &&
    b.automatic === undefined &&
    sameSource(a.source, b.source)
  );
}

/** Alternatives are not compared: cachedVirtualHost builds every host that has any. */
function sameLocation(a: Location, b: Location): boolean {
  return (
    a.path === b.path &&
    a.pathType === b.pathType &&
    a.ingress === b.ingress &&
    a.ingressPath === b.ingressPath &&
    a.settings === b.settings &&
    a.isDefBackend === b.isDefBackend &&
    a.written === b.written &&
    sameSource(a.source, b.source) &&
    sameBackend(a.backend, b.backend)
  );
}

function sameBackend(a: BackendRef | undefined, b: BackendRef | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.namespace === b.namespace &&
    a.service === b.service &&
    a.port.number === b.port.number &&
    a.port.name === b.port.name &&
    sameSource(a.source, b.source)
  );
}

function buildVirtualHost(
  server: Server,
  input: CompileInput,
  profiles: ProfileCache,
): VirtualHost {
  const locations = updateServerLocations(sortLocations(server.locations));
  const regexCause = locations.find((l) => needsRewrite(l) || l.settings?.useRegex);
  const enforceRegex = regexCause !== undefined;
  const regexSource = regexCause?.ingress
    ? regexCause.settings?.source(needsRewrite(regexCause) ? 'rewrite-target' : 'use-regex')
    : undefined;
  const hostname = server.hostname === CATCH_ALL ? null : server.hostname;
  const routes = locations.map((loc, i) =>
    buildRoute(loc, i, enforceRegex, hostname, server.tls, input, profiles),
  );
  return {
    id: hostname ?? CATCH_ALL,
    hostname,
    routes,
    sources: server.sources,
    ...(server.tls ? { tls: server.tls } : {}),
    ...(regexSource ? { regexMode: regexSource } : {}),
  };
}

function buildRoute(
  loc: Location,
  index: number,
  enforceRegex: boolean,
  hostname: string | null,
  tls: TlsBinding | undefined,
  input: CompileInput,
  profiles: ProfileCache,
): Route {
  let label: string;
  let match: Route['match'];
  if (enforceRegex) {
    label = `location ~* "^${loc.path}"`;
    match = {
      path: { kind: 'regex', pattern: `^${loc.path}`, caseInsensitive: true, anchoredStart: true },
      headers: NONE,
      query: NONE,
    };
  } else if (loc.pathType === 'Exact') {
    label = `location = ${loc.path}`;
    match = { path: { kind: 'exact', value: loc.path }, headers: NONE, query: NONE };
  } else {
    label = `location ${loc.path}`;
    match = {
      path: { kind: 'prefix', value: loc.path, semantics: 'string' },
      headers: NONE,
      query: NONE,
    };
  }
  if (loc.isDefBackend && !loc.backend) label += ' (default backend)';
  const profile = profiles.get(loc.settings, loc.ingress);
  return {
    id: `${hostname ?? CATCH_ALL}#${index}`,
    label,
    match,
    checks: buildChecks(loc, hostname, tls, input.config, profile),
    action: buildAction(loc, input),
    policy: profile.policy,
    source: loc.source,
    ...(loc.written !== loc.path || enforceRegex
      ? { written: `${loc.ingressPath?.pathType ?? 'Prefix'} ${loc.written}` }
      : {}),
  };
}

const NONE: readonly never[] = [];

/**
 * What a location's policy and checks take from its Ingress's annotations and the
 * ConfigMap: the same for every location of one Ingress, so computed once per Ingress.
 */
interface Profile {
  readonly policy: RoutePolicy;
  readonly bodySize?: RouteCheck;
  /** `return` directives of the rewrite phase: denied location, redirects, CORS preflight. */
  readonly rewrite: readonly RouteCheck[];
  /** Preaccess (limit_conn, limit_req) then access (allow/deny, auth_basic). */
  readonly limitsAndAccess: readonly RouteCheck[];
}

class ProfileCache {
  private readonly byIngress = new Map<IngressSettings | undefined, Profile>();
  private readonly realIpFrom: readonly { text: string }[];

  constructor(private readonly input: CompileInput) {
    this.realIpFrom = parseCidrList(input.config.proxyRealIpCidr).ranges.map((r) => ({
      text: r.text,
    }));
  }

  get(s: IngressSettings | undefined, ing: Ingress | undefined): Profile {
    let p = this.byIngress.get(s);
    if (!p) {
      p = buildProfile(s, ing, this.input, this.realIpFrom);
      this.byIngress.set(s, p);
    }
    return p;
  }
}

function buildProfile(
  s: IngressSettings | undefined,
  ing: Ingress | undefined,
  input: CompileInput,
  realIpFrom: readonly { text: string }[],
): Profile {
  const cfg = input.config;
  const src = (key: string): SourceRef => s?.source(key) ?? ing?.source ?? input.controllerSource;
  const policy: RoutePolicy = {
    timeouts: {
      connectMs: s?.connectTimeoutMs ?? cfg.proxyConnectTimeoutMs,
      readMs: s?.readTimeoutMs ?? cfg.proxyReadTimeoutMs,
      sendMs: s?.sendTimeoutMs ?? cfg.proxySendTimeoutMs,
    },
    retry: {
      tries: s?.nextUpstreamTries ?? cfg.proxyNextUpstreamTries,
      on: s?.nextUpstream ?? cfg.proxyNextUpstream,
      budgetMs: s?.nextUpstreamTimeoutMs ?? cfg.proxyNextUpstreamTimeoutMs,
      retryNonIdempotent:
        cfg.retryNonIdempotent || (s?.nextUpstream ?? []).includes('non_idempotent'),
    },
    connections: {
      upstreamKeepalive: cfg.upstreamKeepaliveConnections,
      upstreamIdleTimeoutMs: cfg.upstreamKeepaliveTimeoutMs,
      clientKeepAliveMs: cfg.keepAliveMs,
    },
    balancing: s?.upstreamHashBy
      ? { algorithm: 'hash', hashBy: s.upstreamHashBy }
      : s?.affinityCookie
        ? { algorithm: 'cookie', cookieName: s.affinityCookie }
        : { algorithm: s?.loadBalance ?? cfg.loadBalance },
    forwarding: {
      trustForwardedHeaders: cfg.useForwardedHeaders,
      computeFullForwardedFor: cfg.computeFullForwardedFor,
      forwardedForHeader: cfg.forwardedForHeader,
      realIpFrom,
      backendProtocol: s?.backendProtocol ?? 'HTTP',
      ...(s?.xForwardedPrefix ? { xForwardedPrefix: s.xForwardedPrefix } : {}),
    },
  };
  // FIND_CONFIG: client_max_body_size against Content-Length ([NGX] ngx_http_core_find_config_phase).
  const maxBytes = parseNginxSize(s?.proxyBodySize ?? cfg.proxyBodySize) ?? 1024 * 1024;
  const bodySize: RouteCheck | undefined =
    maxBytes > 0
      ? { kind: 'bodySize', maxBytes, status: 413, source: src('proxy-body-size') }
      : undefined;
  // REWRITE: `return` directives in the location run before rewrite_by_lua (the https redirect).
  // An auth annotation that cannot be resolved denies the location: `return 503` ([INX] annotations/auth).
  const rewrite: RouteCheck[] = [];
  const auth = s?.auth
    ? resolveBasicAuth(s.auth, ing?.meta.namespace ?? '', input.secrets)
    : undefined;
  if (auth && 'denied' in auth)
    rewrite.push({
      kind: 'deny',
      status: 503,
      reason: auth.denied,
      source: src(s?.auth?.secret ? 'auth-secret' : 'auth-type'),
    });
  if (s?.permanentRedirect)
    rewrite.push({
      kind: 'redirect',
      status: s.permanentRedirect.code,
      location: s.permanentRedirect.url,
      source: src('permanent-redirect'),
    });
  else if (s?.temporalRedirect)
    rewrite.push({
      kind: 'redirect',
      status: s.temporalRedirect.code,
      location: s.temporalRedirect.url,
      source: src('temporal-redirect'),
    });
  if (s?.cors)
    rewrite.push({
      kind: 'corsPreflight',
      origin: s.cors.origin,
      methods: s.cors.methods,
      source: src('enable-cors'),
    });
  // PREACCESS: limit_conn, then limit_req rps, then rpm (template order).
  const limitsAndAccess: RouteCheck[] = [];
  if (s?.limitConnections)
    limitsAndAccess.push({
      kind: 'connectionLimit',
      max: s.limitConnections,
      // limit_conn_zone $limit_<zone>: the client's binary address (ingress-nginx template).
      by: 'ip',
      status: cfg.limitConnStatusCode,
      source: src('limit-connections'),
    });
  const zone = ing ? `${ing.meta.namespace}_${ing.meta.name}` : 'default';
  const exempt = parseCidrList(s?.limitAllowlist ?? '').ranges.map((r) => ({ text: r.text }));
  for (const unit of ['rps', 'rpm'] as const) {
    const rate = unit === 'rps' ? s?.limitRps : s?.limitRpm;
    if (rate && rate > 0)
      limitsAndAccess.push({
        kind: 'rateLimit',
        unit,
        rate,
        burst: rate * (s?.limitBurstMultiplier ?? 5),
        status: cfg.limitReqStatusCode,
        zone: `${zone}_${unit}`,
        exempt,
        source: src(`limit-${unit}`),
      });
  }
  // ACCESS: allow/deny, then auth_basic (satisfy all).
  const allow = parseCidrList(s?.allowlist ?? '').ranges.map((r) => ({ text: r.text }));
  const deny = parseCidrList(s?.denylist ?? '').ranges.map((r) => ({ text: r.text }));
  if (allow.length > 0 || deny.length > 0) {
    const allowKey = s?.source('allowlist-source-range')
      ? 'allowlist-source-range'
      : 'whitelist-source-range';
    limitsAndAccess.push({
      kind: 'ipAccess',
      allow,
      deny,
      status: 403,
      source: src(allow.length > 0 ? allowKey : 'denylist-source-range'),
    });
  }
  if (auth && 'users' in auth)
    limitsAndAccess.push({
      kind: 'basicAuth',
      realm: s?.auth?.realm ?? '',
      users: auth.users,
      source: src('auth-secret'),
    });
  return { policy, ...(bodySize ? { bodySize } : {}), rewrite, limitsAndAccess };
}

function buildAction(loc: Location, input: CompileInput): RouteAction {
  const s = loc.settings;
  if (!loc.backend) {
    if (input.defaultBackendService) {
      const [namespace = '', service = ''] = input.defaultBackendService.split('/');
      return {
        kind: 'forward',
        backends: [{ namespace, service, port: { number: 80 }, weight: 1, source: loc.source }],
        alternatives: [],
        isDefaultBackend: true,
      };
    }
    return {
      kind: 'respond',
      status: 404,
      reason: 'the default backend answers 404 for requests no Ingress path matches',
    };
  }
  const rewrite =
    s?.rewriteTarget !== undefined && needsRewrite(loc)
      ? {
          kind: 'regex' as const,
          pattern: loc.path,
          replacement: s.rewriteTarget,
          caseInsensitive: true,
        }
      : undefined;
  const fallback = s?.defaultBackend
    ? {
        namespace: loc.backend.namespace,
        service: s.defaultBackend,
        port: { number: 80 },
        source: s.source('default-backend') ?? loc.source,
      }
    : undefined;
  return {
    kind: 'forward',
    backends: [{ ...loc.backend, weight: 1 }],
    alternatives: loc.alternatives,
    ...(rewrite ? { rewrite } : {}),
    ...(s?.upstreamVhost ? { upstreamHost: s.upstreamVhost } : {}),
    ...(fallback ? { fallback } : {}),
  };
}

/** The checks nginx runs before proxying, in its phase order: find-config, rewrite, preaccess, access. */
function buildChecks(
  loc: Location,
  hostname: string | null,
  tls: TlsBinding | undefined,
  cfg: NginxConfig,
  profile: Profile,
): RouteCheck[] {
  const s = loc.settings;
  const checks: RouteCheck[] = [];
  if (profile.bodySize) checks.push(profile.bodySize);
  checks.push(...profile.rewrite);
  if (s?.appRoot && loc.path === '/')
    checks.push({
      kind: 'appRoot',
      target: s.appRoot,
      source: s.source('app-root') ?? loc.source,
    });
  // rewrite_by_lua: the https redirect; no-tls-redirect-locations are exempt by location path.
  const sslRedirect = s?.sslRedirect ?? cfg.sslRedirect;
  const force = s?.forceSslRedirect ?? cfg.forceSslRedirect;
  const exempt = cfg.noTlsRedirectLocations.some((p) => loc.path.startsWith(p));
  if (!exempt && (force || (sslRedirect && hostname !== null && tls !== undefined))) {
    checks.push({
      kind: 'httpsRedirect',
      status: cfg.httpRedirectCode,
      when: force ? 'always' : 'certificate',
      trustForwardedProto: cfg.useForwardedHeaders,
      preserveTrailingSlash: s?.preserveTrailingSlash ?? false,
      source: force
        ? (s?.source('force-ssl-redirect') ?? loc.source)
        : (s?.source('ssl-redirect') ?? tls?.source ?? loc.source),
    });
  }
  checks.push(...profile.limitsAndAccess);
  return checks;
}

/** auth-type basic|digest with auth-secret: the Secret's `auth` key holds htpasswd lines (auth-file), or one key per user (auth-map). */
function resolveBasicAuth(
  auth: NonNullable<IngressSettings['auth']>,
  namespace: string,
  secrets: ReadonlyMap<string, Secret>,
): { users: string[] } | { denied: string } {
  if (auth.type !== 'basic' && auth.type !== 'digest')
    return { denied: `auth-type "${auth.type}" is not basic or digest` };
  if (!auth.secret) return { denied: 'auth-type is set but auth-secret is missing' };
  const key = auth.secret.includes('/') ? auth.secret : `${namespace}/${auth.secret}`;
  const secret = secrets.get(key);
  if (!secret) return { denied: `the auth-secret ${key} does not exist` };
  const file = secret.data.auth;
  if (file !== undefined) {
    const users = file
      .split('\n')
      .map((l) => l.split(':')[0]?.trim() ?? '')
      .filter(Boolean);
    return users.length > 0
      ? { users }
      : { denied: `the auth-secret ${key} has an empty auth key` };
  }
  const users = Object.keys(secret.data);
  return users.length > 0 ? { users } : { denied: `the auth-secret ${key} has no auth key` };
}
