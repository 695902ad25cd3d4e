/**
 * Which listener of a controller takes a request. On one port the most specific
 * listener hostname wins: an exact name, then the longest wildcard (`*.example.com`
 * covers any number of labels, as Gateway API listeners do), then a listener without a
 * hostname ([GW] gateway_types.go Listener.Hostname; semantics.md C2).
 */
import type { Controller, Listener } from '../model/cluster.js';
import type { RouteTable, VirtualHost } from '../model/routeTable.js';

export function listenersOn(controller: Controller, port: number): readonly Listener[] {
  return controller.listeners.filter((l) => l.port === port);
}

/** The listener on `port` for a host name (SNI or Host), or undefined when none accepts it. */
export function selectListener(
  listeners: readonly Listener[],
  name: string | undefined,
): Listener | undefined {
  const host = name?.toLowerCase().replace(/\.$/, '');
  let best: Listener | undefined;
  let bestScore = -1;
  for (const l of listeners) {
    const score = listenerScore(l.hostname, host);
    if (score > bestScore) {
      best = l;
      bestScore = score;
    }
  }
  return best;
}

/**
 * How specifically a listener hostname covers a name: -1 not at all, 0 no hostname
 * (everything), 1 + suffix length for a wildcard, and above any wildcard for an exact name.
 */
function listenerScore(hostname: string | undefined, host: string | undefined): number {
  if (hostname === undefined) return 0;
  if (host === undefined) return -1;
  if (hostname === host) return 1_000_000;
  if (hostname.startsWith('*.')) {
    const suffix = hostname.slice(1);
    return host.endsWith(suffix) && host.length > suffix.length ? 1 + suffix.length : -1;
  }
  return -1;
}

/** The distinct route tables behind a controller's listeners (ingress-nginx shares one). */
export function controllerTables(controller: Controller): RouteTable[] {
  return [...new Set(controller.listeners.map((l) => l.table))];
}

/** Every virtual host of a controller, its tables' catch-alls included. */
export function controllerVirtualHosts(controller: Controller): VirtualHost[] {
  return controllerTables(controller).flatMap((t) => [...t.virtualHosts, t.fallback]);
}
