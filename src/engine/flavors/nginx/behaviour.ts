import type { FamilyBehaviour } from '../../model/family.js';
import type { RoutePolicy } from '../../model/routeTable.js';
import { normalizeUri } from '../../path/request.js';
import { FAKE_CERTIFICATE } from './certificates.js';
import { nginxForward } from './forwarding.js';
import { nginxRetryRules } from './retry.js';
import { selectCertificateHost, selectLocation, selectServer } from './select.js';

function policyText(policy: RoutePolicy): string {
  return `Timeouts: connect ${policy.timeouts.connectMs / 1000}s, read ${policy.timeouts.readMs / 1000}s between two reads; proxy_next_upstream ${policy.retry.on.join(' ')}, ${policy.retry.tries} tries.`;
}

/** ingress-nginx's answers ([INX] balancer.lua, [NGX] ngx_http_upstream.c; semantics.md B4). */
export const nginxBehaviour: FamilyBehaviour = {
  product: 'ingress-nginx',
  selectHost: selectServer,
  selectRoute: (vhost, input) => selectLocation(vhost, input.path),
  normalizePath(path) {
    const n = normalizeUri(path);
    return n.ok
      ? { ok: true, path: n.uri }
      : {
          ok: false,
          why: `The path "${path}" climbs above the root with "..", so nginx rejects it with 400 Bad Request before any routing.`,
        };
  },
  selectCertificate: selectCertificateHost,
  defaultCertificateName: FAKE_CERTIFICATE.subject,
  forward: nginxForward,
  status: {
    noEndpoints: 503,
    connectFailure: 502,
    timeout: 504,
    plainHttpToTlsPort: 400,
    // nginx has no listener-per-hostname: SNI and Host never pick different listeners.
    misdirected: 421,
  },
  words: {
    route: 'location',
    host: 'server',
    plainHttpToTls:
      'nginx answers 400 "The plain HTTP request was sent to HTTPS port" ([NGX] ngx_http_request.c NGX_HTTP_TO_HTTPS)',
    noRoute: (status) => `ingress-nginx's default backend answers ${status}`,
    policy: policyText,
    podError: (status) =>
      `ingress-nginx passes the pod's own ${status} to the client: proxy_next_upstream does not retry on it.`,
  },
  retry: nginxRetryRules,
  // Endpoints reach the Lua balancer without a reload; workers resync every second
  // ([INX] docs/how-it-works.md, balancer.lua BACKENDS_SYNC_INTERVAL = 1).
  endpointSyncMs: 1000,
  log: {
    noEndpoints: (service) =>
      `[error] balancer.lua: no endpoints for upstream ${service}; returning 503 Service Temporarily Unavailable`,
    refused: (pod, upstream) =>
      `[error] connect() failed (111: Connection refused) while connecting to upstream, upstream: "http://${pod}${upstream}"`,
    timeout: (pod, upstream) =>
      `[error] upstream timed out (110: Connection timed out) while reading response header from upstream, upstream: "http://${pod}${upstream}"`,
    reset: (pod, upstream) =>
      `[error] upstream prematurely closed connection while reading response header from upstream, upstream: "http://${pod}${upstream}"`,
  },
};
