/**
 * What an Envoy-based controller (Envoy Gateway, Contour) pushes to Envoy, as xDS-shaped
 * JSON rendered from the shared route table: listeners (LDS), route configurations
 * (RDS) with their virtual hosts and routes in the order Envoy tries them, clusters
 * (CDS), endpoints (EDS) and the certificates' names (SDS, without their bytes). Field
 * names follow the v3 protos ([ENVOY] api/envoy/config/{listener,route,cluster,endpoint}/v3);
 * each route carries the YAML that produced it in `metadata.filter_metadata.routelab`.
 */
import type { Cluster, Controller, Listener } from '../model/cluster.js';
import type {
  HeaderFilter,
  Route,
  RouteCheck,
  RoutePolicy,
  VirtualHost,
} from '../model/routeTable.js';
import { formatSource } from '../model/source.js';
import { controllerTables } from '../path/listeners.js';
import { collectBackends, envoyClusterName, tableRoutes, type BackendUse } from './backends.js';
import {
  durationText,
  type ConfigDocument,
  type DocumentSource,
  type JsonValue,
} from './document.js';

type Json = { [key: string]: JsonValue };

const TYPE = {
  listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  routeConfiguration: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  assignment: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  secret: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
  hcm: 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  router: 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
  tls: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
} as const;

const ADS: Json = { ads: {}, resource_api_version: 'V3' };

interface Ctx {
  readonly notes: Set<string>;
  readonly sources: DocumentSource[];
}

function routeConfigName(l: Listener): string {
  return `${l.name}-${l.port}`;
}

export function renderXds(cluster: Cluster, controller: Controller): ConfigDocument {
  const ctx: Ctx = { notes: new Set(), sources: [] };
  const tables = controllerTables(controller);
  const backends = collectBackends(cluster, tables, envoyClusterName);
  const policies = new Map<string, RoutePolicy>();
  for (const r of tableRoutes(tables))
    if (r.action.kind === 'forward')
      for (const b of r.action.backends) {
        const name = envoyClusterName(b);
        if (!policies.has(name)) policies.set(name, r.policy);
      }

  const listeners: Json[] = [];
  const routes: Json[] = [];
  const byPort = new Map<number, Listener[]>();
  for (const l of controller.listeners) byPort.set(l.port, [...(byPort.get(l.port) ?? []), l]);
  let routeIndex = 0;
  for (const [port, ls] of byPort) {
    const chains: Json[] = [];
    for (const l of ls) {
      const name = routeConfigName(l);
      chains.push(...filterChains(l, name));
      const vhosts = [...l.table.virtualHosts, l.table.fallback];
      const vhostJson: Json[] = [];
      vhosts.forEach((v, vi) => {
        const path = ['routes', routeIndex, 'virtual_hosts', vi];
        for (const s of v.sources) ctx.sources.push({ path, source: s });
        vhostJson.push(virtualHost(ctx, v, path));
      });
      routes.push({ '@type': TYPE.routeConfiguration, name, virtual_hosts: vhostJson });
      ctx.sources.push({
        path: ['routes', routeIndex],
        source: l.source,
        note: `listener ${l.name}`,
      });
      routeIndex++;
    }
    listeners.push({
      '@type': TYPE.listener,
      name: `${ls[0]?.protocol ?? 'http'}-${port}`,
      address: { socket_address: { address: '0.0.0.0', port_value: port } },
      filter_chains: chains,
    });
  }
  const clusters: Json[] = [];
  const endpoints: Json[] = [];
  for (const [name, b] of backends) {
    clusters.push(clusterJson(name, b, policies.get(name)));
    endpoints.push(assignment(name, b));
  }
  const secrets = [
    ...new Set(
      controller.listeners.flatMap((l) => [
        ...(l.tls?.secret ? [l.tls.secret] : []),
        ...[...l.table.virtualHosts, l.table.fallback].flatMap((v) =>
          v.tls?.secret ? [v.tls.secret] : [],
        ),
      ]),
    ),
  ].map((name): Json => ({ '@type': TYPE.secret, name }));
  if (secrets.length > 0) ctx.notes.add('certificates are named, their bytes left out');
  return {
    document: { listeners, routes, clusters, endpoints, secrets },
    sources: ctx.sources,
    notes: [...ctx.notes],
  };
}

function hcm(routeConfig: string): Json {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type': TYPE.hcm,
      stat_prefix: routeConfig,
      rds: { route_config_name: routeConfig, config_source: ADS },
      http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': TYPE.router } }],
    },
  };
}

function filterChains(l: Listener, routeConfig: string): Json[] {
  if (l.protocol !== 'https') return [{ filters: [hcm(routeConfig)] }];
  const tlsSocket = (secret: string | undefined): Json => ({
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': TYPE.tls,
      common_tls_context: {
        tls_certificate_sds_secret_configs: [{ name: secret ?? 'default-certificate' }],
      },
    },
  });
  const named = [...l.table.virtualHosts].filter((v) => v.hostname !== null);
  const chains: Json[] = named.map((v) => ({
    filter_chain_match: { server_names: [v.hostname ?? ''] },
    transport_socket: tlsSocket(v.tls?.secret ?? l.tls?.secret),
    filters: [hcm(routeConfig)],
  }));
  if (l.hostname)
    return [
      {
        filter_chain_match: { server_names: [l.hostname] },
        transport_socket: tlsSocket(l.tls?.secret),
        filters: [hcm(routeConfig)],
      },
    ];
  chains.push({ transport_socket: tlsSocket(l.tls?.secret), filters: [hcm(routeConfig)] });
  return chains;
}

function virtualHost(ctx: Ctx, v: VirtualHost, path: (string | number)[]): Json {
  const domains = v.hostname === null ? ['*'] : [v.hostname, `${v.hostname}:*`];
  return {
    name: v.hostname ?? 'catch-all',
    domains,
    routes: v.routes.map((r, i) => {
      ctx.sources.push({ path: [...path, 'routes', i], source: r.source });
      return route(ctx, r);
    }),
  };
}

function stringMatch(kind: string, value: string | undefined): Json {
  return kind === 'regex' ? { safe_regex: { regex: value ?? '' } } : { exact: value ?? '' };
}

function routeMatch(ctx: Ctx, r: Route): Json {
  const m = r.match;
  const out: Json = {};
  const p = m.path;
  switch (p.kind) {
    case 'exact':
      out.path = p.value;
      if (p.caseInsensitive) out.case_sensitive = false;
      break;
    case 'prefix':
      if (p.semantics === 'segment' && p.value !== '/')
        out.path_separated_prefix = p.value.replace(/\/$/, '');
      else out.prefix = p.value;
      break;
    case 'regex':
      // safe_regex must match the whole path; a prefix-style regex gets a trailing `.*`.
      out.safe_regex = {
        regex: p.whole ? p.pattern : p.anchoredStart ? `${p.pattern}.*` : `.*(?:${p.pattern}).*`,
      };
      if (p.caseInsensitive)
        ctx.notes.add('case-insensitive regexes are written with their (?i) flag');
      break;
  }
  const headers: Json[] = m.headers.map((h): Json => {
    if (h.kind === 'present') return { name: h.name, present_match: true };
    if (h.kind === 'absent') return { name: h.name, present_match: false };
    return { name: h.name, string_match: stringMatch(h.kind, h.value) };
  });
  if (m.method) headers.push({ name: ':method', string_match: { exact: m.method } });
  if (headers.length > 0) out.headers = headers;
  const query: Json[] = m.query.map((q): Json =>
    q.kind === 'present'
      ? { name: q.name, present_match: true }
      : { name: q.name, string_match: stringMatch(q.kind, q.value) },
  );
  if (query.length > 0) out.query_parameters = query;
  if (m.expression)
    ctx.notes.add('rule expressions (and/or/not) have no single Envoy match; left out');
  return out;
}

function headersToAdd(f: HeaderFilter): JsonValue[] {
  return [
    ...f.set.map(([key, value]) => ({
      header: { key, value },
      append_action: 'OVERWRITE_IF_EXISTS_OR_ADD',
    })),
    ...f.add.map(([key, value]) => ({
      header: { key, value },
      append_action: 'APPEND_IF_EXISTS_OR_ADD',
    })),
  ];
}

function retryPolicy(policy: RoutePolicy): Json | undefined {
  const r = policy.retry;
  if (r.tries <= 1 || r.on.length === 0) return undefined;
  const out: Json = { retry_on: r.on.join(','), num_retries: r.tries - 1 };
  if (r.perTryTimeoutMs !== undefined) out.per_try_timeout = durationText(r.perTryTimeoutMs);
  if (r.statusCodes && r.statusCodes.length > 0) out.retriable_status_codes = [...r.statusCodes];
  if (r.backoffBaseMs !== undefined)
    out.retry_back_off = { base_interval: durationText(r.backoffBaseMs) };
  return out;
}

/** A check that answers every request with a redirect becomes the route's redirect action. */
function redirectAction(c: RouteCheck): Json | undefined {
  switch (c.kind) {
    case 'httpsRedirect':
      return c.when === 'always'
        ? { https_redirect: true, response_code: responseCode(c.status) }
        : undefined;
    case 'requestRedirect': {
      const out: Json = { response_code: responseCode(c.status) };
      if (c.scheme) out.scheme_redirect = c.scheme;
      if (c.hostname) out.host_redirect = c.hostname;
      if (c.port !== undefined) out.port_redirect = c.port;
      if (c.path?.kind === 'full') out.path_redirect = c.path.value;
      if (c.path?.kind === 'prefix') out.prefix_rewrite = c.path.value;
      return out;
    }
    case 'redirect': {
      const m = /^(https?):\/\/([^/]+)(\/.*)?$/.exec(c.location);
      if (!m) return { path_redirect: c.location, response_code: responseCode(c.status) };
      return {
        scheme_redirect: m[1] ?? 'http',
        host_redirect: m[2] ?? '',
        path_redirect: m[3] ?? '/',
        response_code: responseCode(c.status),
      };
    }
    default:
      return undefined;
  }
}

function responseCode(status: number): string {
  switch (status) {
    case 302:
      return 'FOUND';
    case 303:
      return 'SEE_OTHER';
    case 307:
      return 'TEMPORARY_REDIRECT';
    case 308:
      return 'PERMANENT_REDIRECT';
    default:
      return 'MOVED_PERMANENTLY';
  }
}

function perFilter(ctx: Ctx, checks: readonly RouteCheck[]): Json | undefined {
  const out: Json = {};
  for (const c of checks) {
    switch (c.kind) {
      case 'rateLimit':
      case 'tokenBucket': {
        const perMs = c.kind === 'rateLimit' ? (c.unit === 'rps' ? 1000 : 60_000) : c.periodMs;
        const tokens = c.kind === 'rateLimit' ? c.rate : c.average;
        out['envoy.filters.http.local_ratelimit'] = {
          '@type':
            'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
          stat_prefix: 'http_local_rate_limiter',
          token_bucket: {
            max_tokens: c.burst,
            tokens_per_fill: tokens,
            fill_interval: durationText(perMs),
          },
          status: { code: c.status },
        };
        break;
      }
      case 'ipAccess':
      case 'sourceRange':
        out['envoy.filters.http.rbac'] = {
          '@type': 'type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBACPerRoute',
          rbac: {
            rules: {
              action: 'ALLOW',
              policies: {
                'allowed-sources': {
                  permissions: [{ any: true }],
                  principals: c.allow.map((a) => ({ remote_ip: cidrJson(a.text) })),
                },
              },
            },
          },
        };
        break;
      case 'basicAuth':
        out['envoy.filters.http.basic_auth'] = {
          '@type':
            'type.googleapis.com/envoy.extensions.filters.http.basic_auth.v3.BasicAuthPerRoute',
          users: {
            inline_string: `${c.users.join(':<hash>\n')}${c.users.length > 0 ? ':<hash>' : ''}`,
          },
        };
        break;
      case 'corsPreflight':
        out['envoy.filters.http.cors'] = {
          '@type': 'type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy',
          allow_origin_string_match: [{ exact: c.origin }],
          allow_methods: c.methods,
        };
        break;
      case 'bodySize':
      case 'httpsRedirect':
      case 'requestRedirect':
      case 'redirect':
      case 'deny':
        break;
      default:
        ctx.notes.add(`route checks of kind ${c.kind} are left out of the xDS`);
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function cidrJson(text: string): Json {
  const [address = '', len] = text.split('/');
  return {
    address_prefix: address,
    prefix_len: len !== undefined ? Number(len) : address.includes(':') ? 128 : 32,
  };
}

function route(ctx: Ctx, r: Route): Json {
  const out: Json = { name: r.id, match: routeMatch(ctx, r) };
  const denied = r.checks.find((c) => c.kind === 'deny');
  const redirect = r.checks.map(redirectAction).find((x) => x !== undefined);
  const a = r.action;
  if (denied) out.direct_response = { status: denied.status };
  else if (redirect) out.redirect = redirect;
  else if (a.kind === 'respond') out.direct_response = { status: a.status };
  else {
    const valid = a.backends.filter((b) => b.invalid === undefined);
    const action: Json = {};
    if (a.backends.length === 1 && valid.length === 1 && valid[0])
      action.cluster = envoyClusterName(valid[0]);
    else
      action.weighted_clusters = {
        clusters: a.backends.map((b) => ({
          name: b.invalid ? `invalid:${envoyClusterName(b)}` : envoyClusterName(b),
          weight: b.weight,
        })),
      };
    if (a.backends.some((b) => b.invalid))
      ctx.notes.add(
        'an invalid backend reference is a cluster Envoy does not have: its share gets 500',
      );
    action.timeout =
      r.policy.timeouts.requestMs !== undefined ? durationText(r.policy.timeouts.requestMs) : '0s';
    const retry = retryPolicy(r.policy);
    if (retry) action.retry_policy = retry;
    if (a.upstreamHost) action.host_rewrite_literal = a.upstreamHost;
    if (a.rewrite) {
      switch (a.rewrite.kind) {
        case 'replacePrefix':
          action.prefix_rewrite = a.rewrite.value;
          break;
        case 'replaceFull':
          action.regex_rewrite = {
            pattern: { regex: '^/.*$' },
            substitution: a.rewrite.value,
          };
          break;
        case 'regex':
          action.regex_rewrite = {
            pattern: { regex: `${a.rewrite.caseInsensitive ? '(?i)' : ''}${a.rewrite.pattern}` },
            substitution: a.rewrite.replacement.replace(/\$(\d)/g, '\\$1'),
          };
          break;
        case 'steps':
          ctx.notes.add('Traefik path middlewares have no Envoy route form; left out');
      }
    }
    if (a.mirrors && a.mirrors.length > 0)
      action.request_mirror_policies = a.mirrors.map((m) => ({
        cluster: envoyClusterName(m),
        runtime_fraction: { default_value: { numerator: m.percent, denominator: 'HUNDRED' } },
      }));
    if (a.alternatives.length > 0)
      ctx.notes.add('canary backends (ingress-nginx) have no Envoy form; left out');
    out.route = action;
    if (a.requestHeaders) {
      const add = headersToAdd(a.requestHeaders);
      if (add.length > 0) out.request_headers_to_add = add;
      if (a.requestHeaders.remove.length > 0)
        out.request_headers_to_remove = [...a.requestHeaders.remove];
    }
    if (a.responseHeaders) {
      const add = headersToAdd(a.responseHeaders);
      if (add.length > 0) out.response_headers_to_add = add;
      if (a.responseHeaders.remove.length > 0)
        out.response_headers_to_remove = [...a.responseHeaders.remove];
    }
  }
  const filters = perFilter(ctx, r.checks);
  if (filters) out.typed_per_filter_config = filters;
  out.metadata = {
    filter_metadata: {
      routelab: {
        source: formatSource(r.source),
        ...(r.written ? { written: r.written } : {}),
      },
    },
  };
  return out;
}

function lbPolicy(policy: RoutePolicy | undefined): string {
  switch (policy?.balancing.algorithm) {
    case 'hash':
    case 'cookie':
      return 'RING_HASH';
    case 'ewma':
      return 'LEAST_REQUEST';
    default:
      return 'ROUND_ROBIN';
  }
}

function clusterJson(name: string, b: BackendUse, policy: RoutePolicy | undefined): Json {
  return {
    '@type': TYPE.cluster,
    name,
    type: 'EDS',
    eds_cluster_config: { eds_config: ADS, service_name: name },
    connect_timeout: durationText(policy?.timeouts.connectMs ?? 5000),
    lb_policy: lbPolicy(policy),
    metadata: {
      filter_metadata: {
        routelab: {
          service: `${b.ref.namespace}/${b.ref.service}`,
          ...(b.resolution.problem ? { problem: b.resolution.problem } : {}),
        },
      },
    },
  };
}

function assignment(name: string, b: BackendUse): Json {
  return {
    '@type': TYPE.assignment,
    cluster_name: name,
    endpoints: [
      {
        lb_endpoints: b.ready.map((e) => ({
          endpoint: { address: { socket_address: { address: e.ip, port_value: e.port } } },
          health_status: 'HEALTHY',
          metadata: { filter_metadata: { routelab: { pod: e.pod } } },
        })),
      },
    ],
  };
}
