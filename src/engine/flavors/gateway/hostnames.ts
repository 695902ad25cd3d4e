/**
 * Gateway API hostname rules ([GW] httproute_types.go HTTPRouteSpec.Hostnames,
 * gateway_types.go Listener.Hostname; semantics.md C2): a leading `*.` is a suffix match
 * over any number of labels (`*.example.com` covers a.example.com and a.b.example.com,
 * never example.com itself). A route attaches to a listener only where their hostnames
 * intersect, and the intersection is the more specific of the two names; route names
 * that do not intersect the listener's are ignored.
 */

/** Does a Gateway API hostname (possibly `*.suffix`) cover a concrete or wildcard name? */
export function hostnameCovers(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1); // ".example.com"
  return name.length > suffix.length && name.endsWith(suffix);
}

const ANY: readonly string[] = ['*'];

/**
 * The names under which a route is served on a listener (Envoy Gateway's computeHosts,
 * internal/gatewayapi/helpers.go): without a listener hostname, the route's own names
 * (or every host); without route hostnames, the listener's; otherwise each route name the
 * listener covers, and the listener's name where a route wildcard covers it. Empty means
 * the route does not attach to this listener (Accepted=False, NoMatchingListenerHostname).
 * The answer may be `routeHostnames` itself: neither is ever written to.
 */
export function intersectHostnames(
  routeHostnames: readonly string[],
  listenerHostname: string | undefined,
): readonly string[] {
  if (listenerHostname === undefined) return routeHostnames.length > 0 ? routeHostnames : ANY;
  if (routeHostnames.length === 0) return [listenerHostname];
  const out: string[] = [];
  const add = (h: string): void => {
    if (!out.includes(h)) out.push(h);
  };
  for (const h of routeHostnames) {
    if (hostnameCovers(listenerHostname, h)) add(h);
    else if (hostnameCovers(h, listenerHostname)) add(listenerHostname);
  }
  return out;
}
