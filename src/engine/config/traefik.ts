/**
 * Traefik's dynamic configuration for the user's resources, rendered from the shared
 * route table: routers (rule, priority, entry points, middlewares, service, TLS),
 * services (load balancers of the ready endpoints, weighted services) and middlewares,
 * in the shape of Traefik's file provider ([TRF] pkg/config/dynamic/{config,http_config,
 * middlewares}.go; docs reference/routing-configuration/http). Traefik keeps all of it in
 * memory: a change is a new configuration swapped in, with no restart.
 */
import type { Cluster, Controller } from '../model/cluster.js';
import type {
  HeaderFilter,
  MatchExpression,
  PathMatch,
  Route,
  RequestGrouping,
  RouteCheck,
  WeightedBackend,
} from '../model/routeTable.js';
import { controllerTables } from '../path/listeners.js';
import { collectBackends, nginxUpstreamName } from './backends.js';
import {
  durationText,
  type ConfigDocument,
  type DocumentSource,
  type JsonValue,
} from './document.js';

type Json = { [key: string]: JsonValue };

interface Ctx {
  readonly notes: Set<string>;
  readonly sources: DocumentSource[];
  readonly middlewares: Json;
}

/** Traefik's service name for a Kubernetes Service port (`<namespace>-<service>-<port>`, as its providers do). */
function serviceName(b: Pick<WeightedBackend, 'namespace' | 'service' | 'port'>): string {
  return nginxUpstreamName(b);
}

function tick(v: string): string {
  return `\`${v}\``;
}

export function traefikPathRule(p: PathMatch): string {
  switch (p.kind) {
    case 'exact':
      return `Path(${tick(p.value)})`;
    case 'prefix':
      return p.semantics === 'segment' && p.value !== '/'
        ? `PathRegexp(${tick(`^${escapeRegex(p.value.replace(/\/$/, ''))}(/|$)`)})`
        : `PathPrefix(${tick(p.value)})`;
    case 'regex':
      return `PathRegexp(${tick(`${p.caseInsensitive ? '(?i)' : ''}${p.pattern}`)})`;
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function traefikRule(e: MatchExpression): string {
  switch (e.op) {
    case 'and':
    case 'or': {
      const join = e.op === 'and' ? ' && ' : ' || ';
      return e.args
        .map((a) => (a.op === 'and' || a.op === 'or' ? `(${traefikRule(a)})` : traefikRule(a)))
        .join(join);
    }
    case 'not':
      return `!${e.arg.op === 'and' || e.arg.op === 'or' ? `(${traefikRule(e.arg)})` : traefikRule(e.arg)}`;
    case 'host':
      return e.kind === 'exact' ? `Host(${tick(e.value)})` : `HostRegexp(${tick(e.value)})`;
    case 'path':
      return traefikPathRule(e.match);
    case 'header':
      return e.match.kind === 'regex'
        ? `HeaderRegexp(${tick(e.match.name)}, ${tick(e.match.value ?? '')})`
        : `Header(${tick(e.match.name)}, ${tick(e.match.value ?? '')})`;
    case 'query':
      return e.match.kind === 'regex'
        ? `QueryRegexp(${tick(e.match.name)}, ${tick(e.match.value ?? '')})`
        : e.match.kind === 'present'
          ? `Query(${tick(e.match.name)})`
          : `Query(${tick(e.match.name)}, ${tick(e.match.value ?? '')})`;
    case 'method':
      return e.methods.map((m) => `Method(${tick(m)})`).join(' || ');
    case 'clientIP':
      return e.cidrs.map((c) => `ClientIP(${tick(c)})`).join(' || ');
  }
}

/** The rule and priority a Traefik route table carries in its label (`router <rule> (priority N)`). */
function fromLabel(label: string): { rule: string; priority: number } | undefined {
  const m = /^router (.+) \(priority (-?\d+)\)$/.exec(label);
  return m ? { rule: m[1] ?? '', priority: Number(m[2]) } : undefined;
}

function ruleOf(route: Route, hostname: string | null): string {
  const parts: string[] = [];
  if (hostname) parts.push(`Host(${tick(hostname)})`);
  if (!(
    route.match.path.kind === 'prefix' &&
    route.match.path.value === '/' &&
    route.match.expression
  ))
    parts.push(traefikPathRule(route.match.path));
  for (const h of route.match.headers) parts.push(traefikRule({ op: 'header', match: h }));
  for (const q of route.match.query) parts.push(traefikRule({ op: 'query', match: q }));
  if (route.match.method) parts.push(`Method(${tick(route.match.method)})`);
  if (route.match.expression) parts.push(`(${traefikRule(route.match.expression)})`);
  return parts.join(' && ');
}

export function renderTraefik(cluster: Cluster, controller: Controller): ConfigDocument {
  const ctx: Ctx = { notes: new Set(), sources: [], middlewares: {} };
  const routers: Json = {};
  const services: Json = {};
  const tables = controllerTables(controller);
  const backends = collectBackends(cluster, tables, serviceName);
  for (const [name, b] of backends) {
    services[name] = {
      loadBalancer: {
        servers: b.ready.map((e) => ({
          url: `${b.ref.port.name === 'https' || b.ref.port.number === 443 ? 'https' : 'http'}://${e.ip}:${e.port}`,
        })),
        passHostHeader: true,
      },
    };
    ctx.sources.push({ path: ['http', 'services', name], source: b.ref.source });
  }
  const certificates: Json[] = [];
  for (const table of tables) {
    const entryPoints = controller.listeners.filter((l) => l.table === table).map((l) => l.name);
    const https = controller.listeners.some((l) => l.table === table && l.protocol === 'https');
    for (const vhost of [...table.virtualHosts, table.fallback]) {
      if (vhost.tls?.secret) certificates.push({ certFile: `secret:${vhost.tls.secret}` });
      vhost.routes.forEach((route, i) => {
        // The family's own answer to a request no router takes is no router of its own.
        if (route.action.kind === 'respond' && !route.action.direct) {
          ctx.notes.add(
            `requests no router takes get ${route.action.status} from Traefik itself (no router in the configuration)`,
          );
          return;
        }
        const name = routerName(route, i, routers);
        const labelled = fromLabel(route.label);
        const rule = labelled?.rule ?? ruleOf(route, vhost.hostname);
        const router: Json = {
          entryPoints: [...entryPoints],
          rule,
          priority: labelled?.priority ?? rule.length,
        };
        const mws = middlewaresFor(ctx, route, name);
        if (mws.length > 0) router.middlewares = mws;
        const svc = serviceFor(ctx, route, name, services);
        if (svc) router.service = svc;
        else router.service = 'noop@internal';
        if (https) {
          const tls: Json = {};
          if (vhost.tls?.automatic) tls.certResolver = vhost.tls.automatic.issuer;
          router.tls = tls;
        }
        routers[name] = router;
        ctx.sources.push({
          path: ['http', 'routers', name],
          source: route.source,
          ...(route.written ? { note: route.written } : {}),
        });
      });
    }
  }
  const http: Json = { routers, services };
  if (Object.keys(ctx.middlewares).length > 0) http.middlewares = ctx.middlewares;
  const document: Json = { http };
  if (certificates.length > 0) {
    document.tls = { certificates };
    ctx.notes.add('TLS certificates come from Kubernetes Secrets; shown by name');
  }
  return { document, sources: ctx.sources, notes: [...ctx.notes] };
}

function routerName(route: Route, index: number, taken: Json): string {
  const s = route.source;
  const base = `${s.namespace ? `${s.namespace}-` : ''}${s.name || 'default'}-${index}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-');
  let name = base;
  for (let n = 2; name in taken; n++) name = `${base}-${n}`;
  return name;
}

function serviceFor(ctx: Ctx, route: Route, name: string, services: Json): string | undefined {
  const a = route.action;
  if (a.kind !== 'forward') {
    ctx.notes.add(`router answers ${a.status} itself; shown with Traefik's noop@internal service`);
    return undefined;
  }
  const valid = a.backends.filter((b) => b.invalid === undefined);
  if (a.backends.length === 1 && valid[0]) return serviceName(valid[0]);
  const weighted = `${name}-weighted`;
  services[weighted] = {
    weighted: {
      services: a.backends.map((b) => ({ name: serviceName(b), weight: b.weight })),
    },
  };
  return weighted;
}

function headerFilterJson(f: HeaderFilter): Json {
  const out: Json = {};
  for (const [k, v] of [...f.set, ...f.add]) out[k] = v;
  for (const k of f.remove) out[k] = '';
  return out;
}

function middlewaresFor(ctx: Ctx, route: Route, router: string): string[] {
  const names: string[] = [];
  const add = (kind: string, config: Json, source: Route['source']): void => {
    const fromCrd = source.kind === 'Middleware';
    const name = fromCrd
      ? `${source.namespace}-${source.name}@kubernetescrd`
      : `${router}-${kind.toLowerCase()}`;
    if (!names.includes(name)) names.push(name);
    const key = fromCrd ? `${source.namespace}-${source.name}` : name;
    if (!(key in ctx.middlewares)) {
      ctx.middlewares[key] = { [kind]: config };
      ctx.sources.push({ path: ['http', 'middlewares', key], source });
    }
  };
  for (const c of route.checks) checkMiddleware(ctx, c, add);
  const a = route.action;
  if (a.kind === 'forward') {
    if (a.rewrite?.kind === 'steps')
      for (const s of a.rewrite.steps) {
        switch (s.kind) {
          case 'stripPrefix':
            add('stripPrefix', { prefixes: [...s.prefixes] }, route.source);
            break;
          case 'stripPrefixRegex':
            add('stripPrefixRegex', { regex: [...s.patterns] }, route.source);
            break;
          case 'addPrefix':
            add('addPrefix', { prefix: s.prefix }, route.source);
            break;
          case 'replacePath':
            add('replacePath', { path: s.path }, route.source);
            break;
          case 'replacePathRegex':
            add('replacePathRegex', { regex: s.pattern, replacement: s.replacement }, route.source);
            break;
        }
      }
    else if (a.rewrite?.kind === 'replaceFull')
      add('replacePath', { path: a.rewrite.value }, route.source);
    else if (a.rewrite)
      ctx.notes.add(`a ${a.rewrite.kind} path rewrite has no single Traefik middleware; left out`);
    const headers: Json = {};
    if (a.requestHeaders) headers.customRequestHeaders = headerFilterJson(a.requestHeaders);
    if (a.responseHeaders) headers.customResponseHeaders = headerFilterJson(a.responseHeaders);
    if (Object.keys(headers).length > 0) add('headers', headers, route.source);
  }
  return names;
}

function checkMiddleware(
  ctx: Ctx,
  c: RouteCheck,
  add: (kind: string, config: Json, source: Route['source']) => void,
): void {
  switch (c.kind) {
    case 'schemeRedirect':
      add(
        'redirectScheme',
        { scheme: c.scheme, ...(c.port ? { port: c.port } : {}), permanent: c.permanent },
        c.source,
      );
      return;
    case 'httpsRedirect':
      add(
        'redirectScheme',
        { scheme: 'https', permanent: c.status === 301 || c.status === 308 },
        c.source,
      );
      return;
    case 'regexRedirect':
      add(
        'redirectRegex',
        { regex: c.regex, replacement: c.replacement, permanent: c.permanent },
        c.source,
      );
      return;
    case 'redirect':
      add(
        'redirectRegex',
        { regex: '^.*$', replacement: c.location, permanent: c.status === 301 || c.status === 308 },
        c.source,
      );
      return;
    case 'sourceRange':
      add(
        'ipAllowList',
        {
          sourceRange: c.allow.map((a) => a.text),
          ...(c.depth !== undefined || c.excluded.length > 0
            ? {
                ipStrategy: {
                  ...(c.depth !== undefined ? { depth: c.depth } : {}),
                  ...(c.excluded.length > 0 ? { excludedIPs: c.excluded.map((e) => e.text) } : {}),
                },
              }
            : {}),
          ...(c.status !== 403 ? { rejectStatusCode: c.status } : {}),
        },
        c.source,
      );
      return;
    case 'ipAccess':
      add('ipAllowList', { sourceRange: c.allow.map((a) => a.text) }, c.source);
      return;
    case 'tokenBucket':
      add(
        'rateLimit',
        {
          average: c.average,
          period: durationText(c.periodMs),
          burst: c.burst,
          ...sourceCriterion(c, 'ip'),
        },
        c.source,
      );
      return;
    case 'rateLimit':
      add(
        'rateLimit',
        { average: c.rate, period: c.unit === 'rps' ? '1s' : '1m', burst: c.burst },
        c.source,
      );
      return;
    case 'connectionLimit':
      add('inFlightReq', { amount: c.max, ...sourceCriterion(c, 'host') }, c.source);
      return;
    case 'basicAuth':
      add('basicAuth', { users: c.users.map((u) => `${u}:<hash>`), realm: c.realm }, c.source);
      return;
    case 'bodySize':
      add('buffering', { maxRequestBodyBytes: c.maxBytes }, c.source);
      return;
    case 'corsPreflight':
      add(
        'headers',
        {
          accessControlAllowOriginList: [c.origin],
          accessControlAllowMethods: c.methods.split(/,\s*/),
        },
        c.source,
      );
      return;
    default:
      ctx.notes.add(`route checks of kind ${c.kind} have no Traefik middleware; left out`);
  }
}

/**
 * A limit's grouping as Traefik's sourceCriterion, left out when it is the middleware's default
 * (RateLimit: the client address; InFlightReq: the Host).
 */
function sourceCriterion(
  c: Extract<RouteCheck, { kind: 'tokenBucket' | 'connectionLimit' }>,
  byDefault: RequestGrouping,
): { sourceCriterion?: Json } {
  if (c.by === byDefault) return {};
  switch (c.by) {
    case 'host':
      return { sourceCriterion: { requestHost: true } };
    case 'header':
      return { sourceCriterion: { requestHeaderName: c.header ?? '' } };
    case 'ip':
      return { sourceCriterion: { ipStrategy: {} } };
    case 'all':
      return {};
  }
}
