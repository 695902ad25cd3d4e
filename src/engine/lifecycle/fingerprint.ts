/**
 * What a controller's proxy runs, split the way the families decide how to apply a
 * change: listeners, routes (hosts, locations, checks, policies), backends (which
 * Services, balancing, canaries), endpoints and certificates. Comparing the parts of
 * the running and the new configuration tells a reload from a dynamic update, as
 * ingress-nginx's IsDynamicConfigurationEnough does: its model compared with the
 * backends (endpoints, balancing, canary policy) and the certificates cleared ([INX]
 * internal/ingress/controller/nginx.go).
 */
import type { Cluster, Controller } from '../model/cluster.js';
import type { Route, RouteCheck, VirtualHost } from '../model/routeTable.js';
import { controllerTables } from '../path/listeners.js';
import { routeBackends, tableHosts } from '../config/backends.js';

export interface ConfigParts {
  readonly listeners: string;
  readonly routes: string;
  readonly backends: string;
  readonly endpoints: string;
  readonly certificates: string;
}

export type ConfigPart = keyof ConfigParts;

export const PART_WORDS: Readonly<Record<ConfigPart, string>> = {
  listeners: 'listeners',
  routes: 'routes',
  backends: 'backends (Services, balancing, canaries)',
  endpoints: 'endpoints',
  certificates: 'certificates',
};

const dropSources = (key: string, value: unknown): unknown =>
  key === 'source' || key === 'sources' || key === 'regexMode' || key === 'tls' ? undefined : value;

/** A redirect to HTTPS that ingress-nginx decides at run time from the certificate (lua_ingress.lua). */
function certificateDecided(c: RouteCheck): boolean {
  return c.kind === 'httpsRedirect' && c.when === 'certificate';
}

function routeShape(route: Route, withCertRedirects: boolean): unknown {
  const a = route.action;
  return {
    label: route.label,
    match: route.match,
    checks: route.checks.filter((c) => withCertRedirects || !certificateDecided(c)),
    action:
      a.kind === 'forward'
        ? {
            backends: a.backends.map((b) => [b.namespace, b.service, b.port, b.weight, b.invalid]),
            rewrite: a.rewrite,
            upstreamHost: a.upstreamHost,
            fallback: a.fallback && [a.fallback.namespace, a.fallback.service, a.fallback.port],
            isDefaultBackend: a.isDefaultBackend,
            requestHeaders: a.requestHeaders,
            responseHeaders: a.responseHeaders,
            mirrors: a.mirrors?.map((m) => [m.namespace, m.service, m.port, m.percent]),
            forwardedPrefix: a.forwardedPrefix,
          }
        : a,
    policy: {
      timeouts: route.policy.timeouts,
      connections: route.policy.connections,
      retry: route.policy.retry,
      forwarding: route.policy.forwarding,
    },
  };
}

function vhostShape(v: VirtualHost, withCertRedirects: boolean): unknown {
  return {
    hostname: v.hostname,
    regex: v.regexMode !== undefined,
    routes: v.routes.map((r) => routeShape(r, withCertRedirects)),
  };
}

/**
 * The parts of what `controller` runs. `withCertRedirects`: count the HTTPS redirects
 * that depend on a host having a certificate as routes (true unless the certificate
 * itself is what changed).
 */
export function configParts(
  cluster: Cluster,
  controller: Controller,
  withCertRedirects = true,
): ConfigParts {
  const vhosts = tableHosts(controllerTables(controller));
  const routes = JSON.stringify(
    vhosts.map((v) => vhostShape(v, withCertRedirects)),
    dropSources,
  );
  const listeners = JSON.stringify(
    controller.listeners.map((l) => [l.name, l.port, l.protocol, l.hostname ?? null]),
  );
  const backendKeys = new Map<string, unknown>();
  const endpointKeys = new Map<string, unknown>();
  for (const v of vhosts)
    for (const r of v.routes) {
      const a = r.action;
      const balance = r.policy.balancing;
      for (const b of routeBackends(r)) {
        const key = `${b.namespace}/${b.service}:${b.port.number ?? b.port.name ?? ''}`;
        if (!backendKeys.has(key))
          backendKeys.set(key, [
            balance,
            a.kind === 'forward'
              ? a.alternatives.map((x) => [
                  x.service,
                  x.byHeader,
                  x.byCookie,
                  x.weight,
                  x.weightTotal,
                ])
              : [],
          ]);
        if (!endpointKeys.has(key)) {
          const res = cluster.resolveService(b.namespace, b.service, b.port);
          endpointKeys.set(
            key,
            res.endpoints.map((e) => [e.pod, e.ip, e.port, e.ready, e.listening]),
          );
        }
      }
    }
  const certificates = JSON.stringify(
    [
      ...vhosts.map((v) => [v.hostname, v.tls?.secret ?? null, v.tls?.defaultReason ?? null]),
      ...controller.listeners.map((l) => [l.name, l.tls?.secret ?? null]),
    ].map((entry) => {
      const secret = entry[1];
      const cert = typeof secret === 'string' ? cluster.certificates.get(secret) : undefined;
      const data = typeof secret === 'string' ? secretData(cluster, secret) : undefined;
      return [...entry, cert?.notAfter ?? null, cert?.dnsNames ?? null, data ?? null];
    }),
  );
  return {
    listeners,
    routes,
    backends: JSON.stringify([...backendKeys].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    endpoints: JSON.stringify([...endpointKeys].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    certificates,
  };
}

function secretData(cluster: Cluster, key: string): string | undefined {
  const [ns, name] = key.split('/');
  const s = cluster.resources.find(
    (r) => r.kind === 'Secret' && r.meta.namespace === ns && r.meta.name === name,
  );
  return s?.kind === 'Secret' ? JSON.stringify(s.data) : undefined;
}

/** The parts that differ between two versions of what a controller runs. */
export function changedParts(before: ConfigParts, after: ConfigParts): ConfigPart[] {
  return (Object.keys(after) as ConfigPart[]).filter((k) => before[k] !== after[k]);
}
