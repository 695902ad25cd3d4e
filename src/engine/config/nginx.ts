/**
 * The nginx.conf ingress-nginx runs for the user's resources, rendered from the shared
 * route table: one `server` per host (the catch-all `_` first), its locations in the
 * controller's order, and the directives that annotations and the ConfigMap set. Each
 * block names the YAML (kind, namespace/name, lines) that produced it.
 *
 * Two modes:
 *  - `ingress-nginx`: shaped as the controller's template writes it ([INX-TPL]
 *    rootfs/etc/nginx/template/nginx.tmpl, controller v1.15): every location proxies to
 *    `upstream_balancer`, whose peers the Lua balancer picks; the endpoints are not in
 *    the file, so they are listed in comments. The template's fixed parts (Lua modules,
 *    logging, metrics, status server) are left out.
 *  - `plain`: a variant Debian's nginx runs as it is (no Lua): each backend is a real
 *    `upstream` whose servers are the ready endpoints mapped to addresses the caller
 *    gives, ssl-redirect and the default backend written as plain directives. What plain
 *    nginx cannot do as ingress-nginx does (the Lua balancer's algorithms, canaries) is
 *    left out and listed in `notes`.
 */
import type { Cluster, Controller, EndpointInfo } from '../model/cluster.js';
import type {
  BackendRef,
  HeaderFilter,
  Route,
  RouteCheck,
  RouteTable,
  VirtualHost,
} from '../model/routeTable.js';
import { formatSource } from '../model/source.js';
import { controllerTables } from '../path/listeners.js';
import { collectBackends, nginxUpstreamName, tableRoutes, type BackendUse } from './backends.js';
import { BlockWriter } from './writer.js';

export interface NginxEndpointTarget {
  readonly namespace: string;
  readonly service: string;
  readonly pod: string;
  readonly ip: string;
  readonly port: number;
}

export interface NginxConfOptions {
  /** `ingress-nginx` (default): as the controller writes it. `plain`: runnable by plain nginx. */
  readonly mode?: 'ingress-nginx' | 'plain';
  /** Comments that link each block to the YAML (default true). */
  readonly comments?: boolean;
  /** plain: where an endpoint really listens (`127.0.0.1:8081`); undefined leaves it out. Default `ip:port`. */
  readonly endpointAddress?: (target: NginxEndpointTarget) => string | undefined;
  /** plain: `listen` parameters for HTTP and HTTPS (default `80` and, when the controller has 443, `443`). */
  readonly listen?: { readonly http: string; readonly https?: string };
  /** plain: the directory for the pid file and temporary files (default /tmp/routelab-nginx). */
  readonly prefix?: string;
  /** plain: certificate and key files for a Secret (`ns/name`), or for the default certificate (undefined). */
  readonly certificateFiles?: (
    secret: string | undefined,
  ) => { readonly cert: string; readonly key: string } | undefined;
}

export interface NginxConf {
  readonly text: string;
  /** What the text cannot show, or plain nginx cannot reproduce. */
  readonly notes: readonly string[];
}

/** Template defaults the route table does not carry ([INX-CM] NewDefault: upstream-keepalive-time, -requests). */
const KEEPALIVE_TIME = '1h';
const KEEPALIVE_REQUESTS = 10_000;
/** ingress-nginx's port for its own 404 server when no --default-backend-service is set ([INX] flags.go default-server-port). */
const DEFAULT_SERVER_PORT = 8181;

interface Ctx {
  readonly cluster: Cluster;
  readonly controller: Controller;
  readonly plain: boolean;
  readonly w: BlockWriter;
  readonly notes: Set<string>;
  readonly backends: Map<string, BackendUse>;
  /** The first route: it carries the settings the ConfigMap makes for every route (keepalive, forwarded headers). */
  readonly sample: Route | undefined;
  /** plain: upstream name → mapped server addresses (empty: no usable endpoint). */
  readonly servers: Map<string, string[]>;
  readonly options: NginxConfOptions;
}

export function renderNginxConf(
  cluster: Cluster,
  controller: Controller,
  options: NginxConfOptions = {},
): NginxConf {
  const plain = options.mode === 'plain';
  const w = new BlockWriter(options.comments ?? true);
  const tables = controllerTables(controller);
  const backends = collectBackends(cluster, tables, nginxUpstreamName);
  const ctx: Ctx = {
    cluster,
    controller,
    plain,
    w,
    notes: new Set(),
    backends,
    sample: tableRoutes(tables)[0],
    servers: new Map(),
    options,
  };
  if (controller.family !== 'nginx')
    ctx.notes.add(
      `${controller.id} is not ingress-nginx (${controller.family}); this is how its routes would read as nginx, not what it runs.`,
    );
  header(ctx);
  if (plain) {
    const prefix = options.prefix ?? '/tmp/routelab-nginx';
    w.line('worker_processes 1;');
    w.line(`pid ${prefix}/nginx.pid;`);
    w.line('error_log stderr warn;');
    w.blank();
    w.open('events');
    w.line('worker_connections 1024;');
    w.close();
    w.blank();
  }
  w.open('http');
  httpBlock(ctx, tables);
  w.close();
  return { text: w.text(), notes: [...ctx.notes] };
}

function header(ctx: Ctx): void {
  const { w, controller } = ctx;
  if (ctx.plain) {
    w.comment(
      `A runnable variant of the nginx.conf ingress-nginx renders for ${controller.id}, for plain nginx without Lua:\nevery backend is an upstream of its ready endpoints; ssl-redirect and the default backend are plain directives.`,
    );
  } else {
    w.comment(
      `nginx.conf as ingress-nginx renders it for ${controller.id} (${controller.summary}).\nShown: what your resources decide. Left out: the template's fixed parts (Lua modules, logging, metrics).\nTemplate: rootfs/etc/nginx/template/nginx.tmpl (ingress-nginx controller v1.15).`,
    );
  }
  if (controller.configMap) {
    const keys = Object.keys(controller.configMap.data);
    w.comment(
      `ConfigMap ${formatSource(controller.configMap.source)} sets: ${keys.length > 0 ? keys.join(', ') : 'nothing'}.`,
    );
  }
  w.blank();
}

function httpBlock(ctx: Ctx, tables: readonly RouteTable[]): void {
  const { w, plain } = ctx;
  const conn = ctx.sample?.policy.connections;
  if (plain) {
    const prefix = ctx.options.prefix ?? '/tmp/routelab-nginx';
    for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
      w.line(`${t}_temp_path ${prefix}/${t}_temp;`);
    w.line('access_log off;');
  }
  w.line('server_tokens off;');
  if (conn) {
    w.line(`keepalive_timeout ${Math.round(conn.clientKeepAliveMs / 1000)}s;`);
    w.line('keepalive_requests 1000;');
  }
  w.blank();
  // [INX-TPL]: with upstream keepalive on, an empty Upgrade header sends no Connection header.
  w.open('map $http_upgrade $connection_upgrade');
  w.line('default upgrade;');
  w.line(conn && conn.upstreamKeepalive > 0 ? "'' '';" : "'' close;");
  w.close();
  if (plain) {
    // lua_ingress.lua redirect_to_https: the request URI without its trailing slash,
    // unless preserve-trailing-slash is set.
    w.open('map $request_uri $routelab_https_uri');
    w.line('"~^(?<stripped>.*)/$" $stripped;');
    w.line('default $request_uri;');
    w.close();
  }
  realIp(ctx);
  limitZones(ctx, tables);
  w.blank();
  upstreams(ctx);
  for (const table of tables) {
    server(ctx, table.fallback, true);
    for (const v of table.virtualHosts) server(ctx, v, false);
  }
  if (!plain && !ctx.controller.flags['default-backend-service']) {
    w.blank();
    w.comment(
      'backend for when default-backend-service is not configured or it does not have endpoints',
    );
    w.open('server');
    w.line(`listen ${DEFAULT_SERVER_PORT} default_server reuseport backlog=4096;`);
    w.line('set $proxy_upstream_name "internal";');
    w.line('access_log off;');
    w.open('location /');
    w.line('return 404;');
    w.close();
    w.close();
  }
}

function realIp(ctx: Ctx): void {
  const f = ctx.sample?.policy.forwarding;
  if (!f?.trustForwardedHeaders) return;
  const { w } = ctx;
  w.blank();
  w.comment(
    'use-forwarded-headers: the client address comes from X-Forwarded-For, trusted from proxy-real-ip-cidr',
  );
  w.line(`real_ip_header ${f.forwardedForHeader};`);
  w.line('real_ip_recursive on;');
  for (const c of f.realIpFrom) w.line(`set_real_ip_from ${c.text};`);
}

function limitZones(ctx: Ctx, tables: readonly RouteTable[]): void {
  const { w } = ctx;
  const seen = new Set<string>();
  let status: number | undefined;
  let connStatus: number | undefined;
  for (const route of tableRoutes(tables))
    for (const c of route.checks) {
      if (c.kind === 'rateLimit' && !seen.has(c.zone)) {
        seen.add(c.zone);
        status = c.status;
        w.comment(`${formatSource(c.source)}: limit-${c.unit}`);
        w.line(
          `limit_req_zone $binary_remote_addr zone=${c.zone}:5m rate=${c.rate}r/${c.unit === 'rps' ? 's' : 'm'};`,
        );
      } else if (c.kind === 'connectionLimit') {
        const zone = connZone(c);
        if (seen.has(zone)) continue;
        seen.add(zone);
        connStatus = c.status;
        w.comment(`${formatSource(c.source)}: limit-connections`);
        w.line(`limit_conn_zone $binary_remote_addr zone=${zone}:5m;`);
      }
    }
  if (status !== undefined) w.line(`limit_req_status ${status};`);
  if (connStatus !== undefined) w.line(`limit_conn_status ${connStatus};`);
}

function connZone(c: Extract<RouteCheck, { kind: 'connectionLimit' }>): string {
  return `${c.source.namespace}_${c.source.name}_conn`;
}

// ------------------------------------------------------------------ upstreams

function describeEndpoints(b: BackendUse): string {
  const eps = b.resolution.endpoints;
  if (eps.length === 0) return b.resolution.problem ?? 'no endpoints';
  return eps
    .map(
      (e) =>
        `${e.ip}:${e.port}${e.ready ? '' : ' (not ready)'}${e.listening ? '' : ' (nothing listens)'}`,
    )
    .join(', ');
}

function upstreams(ctx: Ctx): void {
  const { w, backends } = ctx;
  if (!ctx.plain) {
    w.open('upstream upstream_balancer');
    w.comment(
      'Endpoints are not in this file: the controller posts them to the Lua balancer\n(balancer.lua), which picks a peer per request; endpoint changes need no reload.',
    );
    w.line('server 0.0.0.1; # placeholder');
    w.open('balancer_by_lua_block');
    w.line('balancer.balance()');
    w.close();
    keepalive(ctx);
    w.close();
    if (backends.size > 0) {
      w.blank();
      w.comment("The Lua balancer's backends (kubectl ingress-nginx backends):");
      for (const [name, b] of backends)
        w.comment(
          `  ${name}: Service ${b.ref.namespace}/${b.ref.service} port ${b.ref.port.number ?? b.ref.port.name ?? ''} → ${describeEndpoints(b)}`,
        );
    }
    w.blank();
    return;
  }
  for (const [name, b] of backends) {
    const addresses = b.ready.flatMap((e) => {
      const a = mapEndpoint(ctx, b.ref, e);
      return a === undefined ? [] : [a];
    });
    ctx.servers.set(name, addresses);
    w.comment(
      `Service ${b.ref.namespace}/${b.ref.service} port ${b.ref.port.number ?? b.ref.port.name ?? ''}: ${describeEndpoints(b)} (${formatSource(b.ref.source)})`,
    );
    if (addresses.length === 0) {
      w.comment(`${name}: no ready endpoint, so its locations answer 503 as the Lua balancer does`);
      continue;
    }
    w.open(`upstream ${name}`);
    for (const a of addresses) w.line(`server ${a} max_fails=0 fail_timeout=0;`);
    keepalive(ctx);
    w.close();
  }
  w.blank();
}

function keepalive(ctx: Ctx): void {
  const sample = ctx.sample?.policy.connections;
  if (!sample || sample.upstreamKeepalive <= 0) return;
  ctx.w.line(`keepalive ${sample.upstreamKeepalive};`);
  ctx.w.line(`keepalive_time ${KEEPALIVE_TIME};`);
  ctx.w.line(`keepalive_timeout ${Math.round(sample.upstreamIdleTimeoutMs / 1000)}s;`);
  ctx.w.line(`keepalive_requests ${KEEPALIVE_REQUESTS};`);
}

function mapEndpoint(ctx: Ctx, ref: BackendRef, e: EndpointInfo): string | undefined {
  const target: NginxEndpointTarget = {
    namespace: ref.namespace,
    service: ref.service,
    pod: e.pod,
    ip: e.ip,
    port: e.port,
  };
  return ctx.options.endpointAddress ? ctx.options.endpointAddress(target) : `${e.ip}:${e.port}`;
}

// ------------------------------------------------------------------ servers

/** ingress-nginx's server_name for a wildcard host ([INX-TPL] buildServerName). */
export function nginxServerName(hostname: string | null): string {
  if (hostname === null) return '_';
  if (!hostname.startsWith('*.')) return hostname;
  const rest = hostname.slice(2).replace(/\./g, '\\.');
  return `~^(?<subdomain>[\\w-]+)\\.${rest}$`;
}

function server(ctx: Ctx, vhost: VirtualHost, catchAll: boolean): void {
  const { w, plain, controller } = ctx;
  const name = nginxServerName(vhost.hostname);
  w.blank();
  w.line(`## start server ${vhost.hostname ?? '_'}`);
  for (const s of vhost.sources) w.comment(`${formatSource(s)}: host ${vhost.hostname ?? '(any)'}`);
  if (vhost.regexMode)
    w.comment(
      `${formatSource(vhost.regexMode)}: use-regex or rewrite-target makes every location of this host a case-insensitive regex`,
    );
  w.open('server');
  w.line(`server_name ${name} ;`);
  const ports = controller.ports;
  const httpPort = ports.find((p) => p.protocol === 'http');
  const httpsPort = ports.find((p) => p.protocol === 'https');
  const dflt = catchAll ? ' default_server' : '';
  if (plain) {
    const listen = ctx.options.listen ?? {
      http: String(httpPort?.port ?? 80),
      ...(httpsPort ? { https: String(httpsPort.port) } : {}),
    };
    w.line(`listen ${listen.http}${dflt};`);
    // ingress-nginx writes it in every location: redirects name no port.
    w.line('port_in_redirect off;');
    if (listen.https !== undefined) {
      w.line(`listen ${listen.https}${dflt} ssl;`);
      const files = ctx.options.certificateFiles?.(vhost.tls?.secret);
      tlsComment(ctx, vhost);
      if (files) {
        w.line(`ssl_certificate ${files.cert};`);
        w.line(`ssl_certificate_key ${files.key};`);
      } else ctx.notes.add('no certificate files given: the HTTPS listener has no certificate');
    }
  } else {
    if (httpPort)
      w.line(`listen ${httpPort.port}${dflt}${catchAll ? ' reuseport backlog=4096' : ''} ;`);
    if (httpsPort)
      w.line(`listen ${httpsPort.port}${dflt}${catchAll ? ' reuseport backlog=4096' : ''} ssl ;`);
    w.blank();
    w.line('set $proxy_upstream_name "-";');
    tlsComment(ctx, vhost);
    w.open('ssl_certificate_by_lua_block');
    w.line('certificate.call()');
    w.close();
  }
  // app-root: a server-level rewrite before any location ([INX-TPL] `if ($uri = /)`).
  for (const route of vhost.routes)
    for (const c of route.checks)
      if (c.kind === 'appRoot') {
        w.blank();
        w.comment(`${formatSource(c.source)}: app-root`);
        w.open('if ($uri = /)');
        w.line(`return 302 $scheme://$http_host${c.target};`);
        w.close();
      }
  for (const route of vhost.routes) location(ctx, vhost, route);
  if (catchAll) {
    w.blank();
    w.comment(`health checks in cloud providers require the use of port ${httpPort?.port ?? 80}`);
    w.open('location /healthz');
    w.line('access_log off;');
    w.line('return 200;');
    w.close();
  }
  w.close();
  w.line(`## end server ${vhost.hostname ?? '_'}`);
}

function tlsComment(ctx: Ctx, vhost: VirtualHost): void {
  const tls = vhost.tls;
  if (!tls) {
    ctx.w.comment('TLS: no certificate configured for this host: the default certificate answers');
    return;
  }
  ctx.w.comment(
    tls.secret
      ? `${formatSource(tls.source)}: TLS with Secret ${tls.secret}, loaded by Lua without a reload`
      : tls.automatic
        ? `${formatSource(tls.source)}: TLS with a certificate ${tls.automatic.issuer} obtains for ${tls.automatic.names.join(', ')}`
        : `${formatSource(tls.source)}: TLS with the default certificate, because ${tls.defaultReason ?? 'no Secret applies'}`,
  );
}

// ------------------------------------------------------------------ locations

function quoteIfNeeded(value: string): string {
  return /^[A-Za-z0-9._~/%+:@!$&'()*,=-]*$/.test(value) && value !== ''
    ? value
    : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The `location` head for a route ([INX-TPL] buildLocation). */
export function nginxLocation(route: Route): { head: string; note?: string } {
  const p = route.match.path;
  switch (p.kind) {
    case 'exact':
      return p.caseInsensitive
        ? { head: `~* ${quote(`^${escapeRegex(p.value)}$`)}` }
        : { head: `= ${quoteIfNeeded(p.value)}` };
    case 'prefix':
      return p.semantics === 'string'
        ? { head: quoteIfNeeded(p.value) }
        : {
            head: quoteIfNeeded(p.value),
            note: `an element-wise prefix (${p.value}) has no nginx form; shown as a string prefix`,
          };
    case 'regex':
      return { head: `${p.caseInsensitive ? '~*' : '~'} ${quote(p.pattern)}` };
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function location(ctx: Ctx, vhost: VirtualHost, route: Route): void {
  const { w, plain } = ctx;
  const loc = nginxLocation(route);
  w.blank();
  w.comment(`${formatSource(route.source)}${route.written ? `: ${route.written}` : ''}`);
  const twin = exactTwin(vhost, route);
  if (twin) w.comment(`the exact location ingress-nginx adds beside ${twin}, for the path itself`);
  if (loc.note) ctx.notes.add(loc.note);
  const extra = [
    ...route.match.headers.map((h) => `header ${h.name}`),
    ...route.match.query.map((q) => `query ${q.name}`),
    ...(route.match.method ? [`method ${route.match.method}`] : []),
    ...(route.match.expression ? ['a rule expression'] : []),
  ];
  if (extra.length > 0) {
    w.comment(`also matches on ${extra.join(', ')}: nginx locations cannot (left out)`);
    ctx.notes.add('matches on headers, query parameters or methods have no nginx location form');
  }
  w.open(`location ${loc.head}`);
  const action = route.action;
  const denied = route.checks.find((c) => c.kind === 'deny');
  if (denied) {
    w.comment(`Location denied. Reason: ${quote(denied.reason)}`);
    w.line(`return ${denied.status};`);
    w.close();
    return;
  }
  const main = action.kind === 'forward' ? action.backends[0] : undefined;
  if (!plain) luaPreamble(ctx, route, main);
  accessAndLimits(ctx, route);
  for (const c of route.checks)
    if (c.kind === 'bodySize')
      w.line(`client_max_body_size ${c.maxBytes === 0 ? 0 : sizeText(c.maxBytes)};`);
  if (action.kind === 'respond') {
    if (!plain && !action.direct && action.status === 404) {
      w.comment('the default backend: the internal server on port 8181 answers 404');
      w.line('proxy_pass http://upstream_balancer;');
    } else {
      w.comment(action.reason);
      w.line(`return ${action.status};`);
    }
    w.close();
    return;
  }
  proxyHeaders(ctx, route);
  proxyTimeouts(ctx, route);
  rewriteReturns(ctx, route);
  if (action.rewrite) {
    switch (action.rewrite.kind) {
      case 'regex':
        w.line(
          `rewrite ${quote(`${action.rewrite.caseInsensitive ? '(?i)' : ''}${action.rewrite.pattern}`)} ${action.rewrite.replacement} break;`,
        );
        break;
      default:
        w.comment(`path rewrite (${action.rewrite.kind}) has no ingress-nginx form (left out)`);
        ctx.notes.add('path rewrites other than rewrite-target are left out');
    }
  }
  if (action.alternatives.length > 0) {
    for (const alt of action.alternatives)
      w.comment(
        `canary ${nginxUpstreamName(alt)} (${formatSource(alt.source)}): ${[
          alt.byHeader ? `header ${alt.byHeader.name}` : '',
          alt.byCookie ? `cookie ${alt.byCookie}` : '',
          `weight ${alt.weight}/${alt.weightTotal}`,
        ]
          .filter(Boolean)
          .join(', ')}; the Lua balancer chooses it`,
      );
    if (plain)
      ctx.notes.add(
        'canary backends are left out: only the Lua balancer chooses them (balancer.lua route_to_alternative_balancer)',
      );
  }
  if (action.mirrors && action.mirrors.length > 0)
    w.comment(
      `mirrors to ${action.mirrors.map((m) => nginxUpstreamName(m)).join(', ')} (left out)`,
    );
  const algorithm = route.policy.balancing.algorithm;
  if (plain && algorithm !== 'round_robin')
    ctx.notes.add(
      `load-balance ${algorithm} is the Lua balancer's; plain nginx balances round robin`,
    );
  if (!main) {
    w.line('return 503;');
    w.close();
    return;
  }
  const name = nginxUpstreamName(main);
  if (!plain) {
    w.line('proxy_pass http://upstream_balancer;');
    w.line('proxy_redirect off;');
    w.close();
    return;
  }
  const servers = ctx.servers.get(name) ?? [];
  const fallback = action.fallback ? nginxUpstreamName(action.fallback) : undefined;
  if (servers.length > 0) w.line(`proxy_pass http://${name};`);
  else if (fallback && (ctx.servers.get(fallback) ?? []).length > 0) {
    w.comment(`default-backend annotation: ${name} has no ready endpoint`);
    w.line('proxy_set_header X-Code 503;');
    w.line(`proxy_pass http://${fallback};`);
  } else w.line('return 503;');
  w.line('proxy_redirect off;');
  w.close();
}

/** `location = /api` next to `location /api/`, both from `Prefix /api` ([INX] location.go updateServerLocations). */
function exactTwin(vhost: VirtualHost, route: Route): string | undefined {
  const p = route.match.path;
  if (p.kind !== 'exact' || route.written) return undefined;
  const twin = vhost.routes.find(
    (r) =>
      r !== route &&
      r.source === route.source &&
      r.match.path.kind === 'prefix' &&
      r.match.path.value === `${p.value}/`,
  );
  return twin
    ? `location ${twin.match.path.kind === 'prefix' ? twin.match.path.value : ''}`
    : undefined;
}

function sizeText(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}m`;
  if (bytes % 1024 === 0) return `${bytes / 1024}k`;
  return String(bytes);
}

function luaPreamble(ctx: Ctx, route: Route, main: BackendRef | undefined): void {
  const { w } = ctx;
  const src = route.source;
  w.line(`set $namespace      ${quote(src.assumed ? '' : src.namespace)};`);
  w.line(`set $ingress_name   ${quote(src.kind === 'Ingress' ? src.name : '')};`);
  w.line(`set $service_name   ${quote(main?.service ?? '')};`);
  w.line(
    `set $service_port   ${quote(main ? String(main.port.number ?? main.port.name ?? '') : '')};`,
  );
  w.line(`set $location_path  ${quote(locationPath(route))};`);
  w.blank();
  const redirect = route.checks.find((c) => c.kind === 'httpsRedirect');
  const force = redirect?.when === 'always';
  w.comment(
    redirect
      ? redirect.when === 'always'
        ? `${formatSource(redirect.source)}: force-ssl-redirect, every plain-HTTP request gets ${redirect.status}`
        : `${formatSource(redirect.source)}: the host has a certificate, so ssl-redirect answers plain HTTP with ${redirect.status}`
      : 'no redirect to HTTPS: ssl-redirect applies only to hosts with a certificate',
  );
  w.open('rewrite_by_lua_block');
  w.line(
    `lua_ingress.rewrite({ force_ssl_redirect = ${force}, ssl_redirect = ${redirect !== undefined && !force}, force_no_ssl_redirect = false, preserve_trailing_slash = ${redirect?.preserveTrailingSlash ?? false}, use_port_in_redirects = false })`,
  );
  w.line('balancer.rewrite()');
  w.line('plugins.run()');
  w.close();
  w.blank();
  w.line('port_in_redirect off;');
  w.line('set $balancer_ewma_score -1;');
  w.line(
    `set $proxy_upstream_name ${quote(main ? nginxUpstreamName(main) : 'upstream-default-backend')};`,
  );
  w.line('set $proxy_host          $proxy_upstream_name;');
  w.line('set $pass_access_scheme  $scheme;');
  w.line('set $pass_server_port    $server_port;');
  w.line('set $best_http_host      $http_host;');
  w.line('set $pass_port           $pass_server_port;');
  w.line('set $proxy_alternative_upstream_name "";');
  const b = route.policy.balancing;
  if (b.algorithm !== 'round_robin')
    w.comment(
      `balancing: ${b.algorithm}${b.hashBy ? ` by ${b.hashBy}` : ''}${b.cookieName ? ` (cookie ${b.cookieName})` : ''}, done by the Lua balancer`,
    );
  w.blank();
}

function locationPath(route: Route): string {
  if (route.written) return route.written.slice(route.written.indexOf(' ') + 1);
  const p = route.match.path;
  return p.kind === 'regex' ? p.pattern.replace(/^\^/, '') : p.value;
}

/** Rate and connection limits (preaccess), then allow/deny and basic auth (access). */
function accessAndLimits(ctx: Ctx, route: Route): void {
  const { w, plain } = ctx;
  for (const c of route.checks) {
    switch (c.kind) {
      case 'ipAccess':
        w.comment(`${formatSource(c.source)}: allow/deny list`);
        for (const d of c.deny) w.line(`deny ${d.text};`);
        for (const a of c.allow) w.line(`allow ${a.text};`);
        if (c.allow.length > 0) w.line('deny all;');
        break;
      case 'basicAuth':
        w.comment(`${formatSource(c.source)}: basic auth`);
        if (plain) {
          w.comment('left out: the htpasswd file comes from the Secret');
          ctx.notes.add('basic auth is left out: its htpasswd file comes from a Secret');
        } else {
          w.line(`auth_basic ${quote(c.realm)};`);
          w.line(
            `auth_basic_user_file /etc/ingress-controller/auth/${c.source.namespace}-${c.source.name}.passwd;`,
          );
          w.line('proxy_set_header Authorization "";');
        }
        break;
      case 'rateLimit':
        w.line(`limit_req zone=${c.zone} burst=${c.burst} nodelay;`);
        break;
      case 'connectionLimit':
        w.line(`limit_conn ${connZone(c)} ${c.max};`);
        break;
      default:
        break;
    }
  }
}

/** `return` directives of the rewrite phase, in the order ingress-nginx runs them. */
function rewriteReturns(ctx: Ctx, route: Route): void {
  const { w, plain } = ctx;
  for (const c of route.checks) {
    switch (c.kind) {
      case 'redirect':
        w.comment(`${formatSource(c.source)}: redirect annotation`);
        w.line(`return ${c.status} ${c.location};`);
        break;
      case 'corsPreflight':
        w.comment(`${formatSource(c.source)}: enable-cors`);
        w.open("if ($request_method = 'OPTIONS')");
        if (plain) {
          w.line(`add_header Access-Control-Allow-Origin ${quote(c.origin)} always;`);
          w.line(`add_header Access-Control-Allow-Methods ${quote(c.methods)} always;`);
          w.line('add_header Content-Length 0 always;');
        } else {
          w.line(`more_set_headers 'Access-Control-Allow-Origin: ${c.origin}';`);
          w.line(`more_set_headers 'Access-Control-Allow-Methods: ${c.methods}';`);
          w.line("more_set_headers 'Content-Length: 0';");
        }
        w.line('return 204;');
        w.close();
        break;
      default:
        break;
    }
  }
  if (!plain) return;
  // lua_ingress.rewrite runs after the rewrite module's returns and before `rewrite ... break`.
  for (const c of route.checks) {
    if (c.kind !== 'httpsRedirect') continue;
    w.comment(
      `${formatSource(c.source)}: ${c.when === 'always' ? 'force-ssl-redirect' : 'ssl-redirect (the host has a certificate)'}`,
    );
    if (c.trustForwardedProto)
      ctx.notes.add(
        'X-Forwarded-Proto is not consulted for the HTTPS redirect in the plain variant',
      );
    w.open('if ($scheme = http)');
    w.line(
      `return ${c.status} https://$host${c.preserveTrailingSlash ? '$request_uri' : '$routelab_https_uri'};`,
    );
    w.close();
  }
  for (const c of route.checks) {
    switch (c.kind) {
      case 'bodySize':
      case 'httpsRedirect':
      case 'redirect':
      case 'appRoot':
      case 'corsPreflight':
      case 'rateLimit':
      case 'connectionLimit':
      case 'ipAccess':
      case 'basicAuth':
      case 'deny':
        break;
      default:
        w.comment(`${c.kind} (${formatSource(c.source)}) has no ingress-nginx form (left out)`);
        ctx.notes.add(`route checks of kind ${c.kind} are not ingress-nginx directives (left out)`);
    }
  }
}

function headerFilter(ctx: Ctx, f: HeaderFilter | undefined, response: boolean): void {
  if (!f) return;
  const { w } = ctx;
  for (const [k, v] of f.set)
    w.line(response ? `add_header ${k} ${quote(v)} always;` : `proxy_set_header ${k} ${quote(v)};`);
  for (const [k, v] of f.add)
    w.line(response ? `add_header ${k} ${quote(v)} always;` : `proxy_set_header ${k} ${quote(v)};`);
  for (const k of f.remove) if (!response) w.line(`proxy_set_header ${k} "";`);
}

function proxyHeaders(ctx: Ctx, route: Route): void {
  const { w, plain } = ctx;
  const action = route.action;
  if (action.kind !== 'forward') return;
  const f = route.policy.forwarding;
  const host = plain ? '$http_host' : '$best_http_host';
  const scheme = plain ? '$scheme' : '$pass_access_scheme';
  const port = plain ? '$server_port' : '$pass_port';
  w.line(`proxy_set_header Host ${action.upstreamHost ? quote(action.upstreamHost) : host};`);
  w.line('proxy_set_header Upgrade           $http_upgrade;');
  w.line('proxy_set_header Connection        $connection_upgrade;');
  w.line(`proxy_set_header X-Request-ID      ${plain ? '$request_id' : '$req_id'};`);
  w.line('proxy_set_header X-Real-IP         $remote_addr;');
  w.line(
    `proxy_set_header X-Forwarded-For   ${f.trustForwardedHeaders && f.computeFullForwardedFor ? '$proxy_add_x_forwarded_for' : '$remote_addr'};`,
  );
  w.line(`proxy_set_header X-Forwarded-Host  ${host};`);
  w.line(`proxy_set_header X-Forwarded-Port  ${port};`);
  w.line(`proxy_set_header X-Forwarded-Proto ${scheme};`);
  w.line(`proxy_set_header X-Forwarded-Scheme ${scheme};`);
  w.line(`proxy_set_header X-Scheme          ${scheme};`);
  w.line(
    `proxy_set_header X-Original-Forwarded-For $http_${f.forwardedForHeader.toLowerCase().replace(/-/g, '_')};`,
  );
  w.line('proxy_set_header Proxy             "";');
  if (f.xForwardedPrefix)
    w.line(`proxy_set_header X-Forwarded-Prefix ${quote(f.xForwardedPrefix)};`);
  headerFilter(ctx, action.requestHeaders, false);
  headerFilter(ctx, action.responseHeaders, true);
}

function proxyTimeouts(ctx: Ctx, route: Route): void {
  const { w } = ctx;
  const t = route.policy.timeouts;
  const r = route.policy.retry;
  w.blank();
  w.line(`proxy_connect_timeout ${Math.round(t.connectMs / 1000)}s;`);
  w.line(`proxy_send_timeout    ${Math.round(t.sendMs / 1000)}s;`);
  w.line(`proxy_read_timeout    ${Math.round(t.readMs / 1000)}s;`);
  w.line('proxy_buffering off;');
  w.line('proxy_request_buffering on;');
  w.line('proxy_http_version 1.1;');
  const on = [...r.on];
  if (r.retryNonIdempotent && !on.includes('non_idempotent')) on.push('non_idempotent');
  w.line(`proxy_next_upstream ${on.length > 0 ? on.join(' ') : 'off'};`);
  w.line(`proxy_next_upstream_timeout ${Math.round(r.budgetMs / 1000)};`);
  w.line(`proxy_next_upstream_tries ${r.tries};`);
}
