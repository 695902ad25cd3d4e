/**
 * Route coverage: the routes of each controller that the YAML wrote (not a controller's
 * own answers such as ingress-nginx's default backend or Envoy's "no route" 404), and which
 * of them some request reached.
 *
 * A route is counted once per controller, host, label and YAML source, whatever the
 * number of listeners that serve it: one Ingress path is one route to cover, whether it
 * is reached over HTTP or HTTPS. Which route a trace reached is read from its match
 * stage, whose first source is the route's own.
 */
import type { Cluster, Controller } from '../model/cluster.js';
import type { Route } from '../model/routeTable.js';
import type { CoveredRoute, RouteCoverage, RouteRef } from '../model/routeTest.js';
import type { SourceRef } from '../model/source.js';
import type { Trace } from '../model/trace.js';
import { hostWithoutPort } from '../util/hostnames.js';

export interface RouteIndex {
  readonly routes: readonly RouteRef[];
  readonly byController: ReadonlyMap<string, readonly RouteRef[]>;
}

const indexes = new WeakMap<Cluster, RouteIndex>();

/** The routes of the cluster's controllers that a test can reach, in table order. */
export function routeIndex(cluster: Cluster): RouteIndex {
  const cached = indexes.get(cluster);
  if (cached) return cached;
  const byKey = new Map<string, { ref: RouteRef; listeners: string[] }>();
  for (const controller of cluster.controllers) {
    for (const listener of controller.listeners) {
      const table = listener.table;
      for (const vhost of [...table.virtualHosts, table.fallback]) {
        for (const route of vhost.routes) {
          if (!written(controller, route)) continue;
          const key = JSON.stringify([
            controller.id,
            vhost.hostname ?? '*',
            route.label,
            sourceKey(route.source),
          ]);
          const known = byKey.get(key);
          if (known) {
            if (!known.listeners.includes(listener.name)) known.listeners.push(listener.name);
            continue;
          }
          byKey.set(key, {
            ref: {
              key,
              controller: controller.id,
              host: vhost.hostname,
              route: route.id,
              label: route.label,
              listeners: [],
              source: route.source,
            },
            listeners: [listener.name],
          });
        }
      }
    }
  }
  const routes = [...byKey.values()].map(({ ref, listeners }) => ({ ...ref, listeners }));
  const byController = new Map<string, RouteRef[]>();
  for (const r of routes) {
    const list = byController.get(r.controller) ?? [];
    list.push(r);
    byController.set(r.controller, list);
  }
  const index = { routes, byController };
  indexes.set(cluster, index);
  return index;
}

/**
 * A route the YAML wrote: its source is a routing resource the controller serves, and it
 * forwards, redirects or answers as written (not the family's answer for no route).
 */
function written(controller: Controller, route: Route): boolean {
  const src = route.source;
  if (src.assumed) return false;
  if (route.action.kind === 'respond' && (!route.action.direct || route.action.status === 421))
    return false;
  return controller.claimed.some(
    (r) => r.kind === src.kind && r.meta.namespace === src.namespace && r.meta.name === src.name,
  );
}

function sourceKey(s: SourceRef): string {
  return `${s.file ?? ''}|${s.kind}|${s.namespace}|${s.name}|${s.path.join('.')}|${s.range.startLine}`;
}

function sameSource(a: SourceRef, b: SourceRef): boolean {
  return a === b || sourceKey(a) === sourceKey(b);
}

/** The route a trace reached, or null when it ended before route matching or matched none. */
export function routeOfTrace(cluster: Cluster, t: Trace): RouteRef | null {
  if (t.controller === null) return null;
  const match = t.stages.find((s) => s.id === 'match');
  const first = match?.sources[0];
  if (!match || match.outcome === 'skipped' || !first) return null;
  const candidates = (routeIndex(cluster).byController.get(t.controller) ?? []).filter((r) =>
    sameSource(r.source, first),
  );
  if (candidates.length <= 1) return candidates[0] ?? null;
  // Several routes from one YAML path (ingress-nginx's `location /api/` and `location = /api`):
  // the match stage names the winner right after the request ("GET /api → location = /api").
  const named = match.summary.split(' → ')[1];
  let narrowed = candidates.filter((r) => r.label === named);
  if (narrowed.length === 0)
    narrowed = candidates.filter((r) => match.explanation.includes(`is ${r.label} without`));
  if (narrowed.length === 0) narrowed = candidates;
  const host = hostWithoutPort(t.request.host).toLowerCase();
  return narrowed.find((r) => r.host === host) ?? narrowed[0] ?? null;
}

/** Which written routes the traces reached. */
export function routeCoverage(cluster: Cluster, traces: readonly Trace[]): RouteCoverage {
  const counts = new Map<string, number>();
  for (const t of traces) {
    const r = routeOfTrace(cluster, t);
    if (r) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
  }
  return coverageFrom(cluster, counts);
}

export function coverageFrom(cluster: Cluster, counts: ReadonlyMap<string, number>): RouteCoverage {
  const routes: CoveredRoute[] = routeIndex(cluster).routes.map((r) => ({
    ...r,
    requests: counts.get(r.key) ?? 0,
  }));
  const reached = routes.filter((r) => r.requests > 0).length;
  const total = routes.length;
  return {
    total,
    reached,
    percent: total === 0 ? 100 : Math.floor((1000 * reached) / total) / 10,
    routes,
  };
}
