/** Stage 1: the client looks the name up (or was given an address, or --resolve). */
import type { Cluster } from '../model/cluster.js';
import type { ResolveOverride, WireRequest } from '../model/request.js';
import { isIP } from '../manifest/kinds/common.js';
import { resolveName } from '../cluster/dns.js';
import type { NetworkTimings } from '../sim/network.js';
import type { TraceBuilder } from './builder.js';

export function dnsStage(
  t: TraceBuilder,
  cluster: Cluster,
  req: WireRequest,
  resolve: readonly ResolveOverride[],
  timings: NetworkTimings,
): string | undefined {
  const override = resolve.find((r) => r.host.toLowerCase() === req.urlHost && r.port === req.port);
  if (override) {
    t.stage(
      'dns',
      'ok',
      `--resolve ${override.host}:${override.port} → ${override.address}`,
      `No DNS lookup: curl was told to connect to ${override.address} for ${override.host}, and still sends ${override.host} as the Host header${req.scheme === 'https' ? ' and as SNI' : ''}.`,
    );
    return override.address;
  }
  if (isIP(req.urlHost)) {
    t.stage(
      'dns',
      'skipped',
      `no lookup: ${req.urlHost} is an address`,
      `The URL names an address, so there is nothing to look up. The Host header is "${req.hostHeader}"${req.scheme === 'https' ? ', and no SNI name is sent (a TLS client sends SNI only for names)' : ''}.`,
    );
    return req.urlHost;
  }
  const record = resolveName(cluster.dns, req.urlHost);
  if (!record) {
    t.stage(
      'dns',
      'fail',
      `${req.urlHost}: NXDOMAIN`,
      `No DNS record points ${req.urlHost} anywhere. Routing resources (Ingress, Gateway, HTTPRoute...) do not create DNS records: someone (or external-dns) must point the name at the load balancer${cluster.controllers[0] ? ` (${cluster.controllers[0].address})` : ''}. Only the hosts your routing resources name are assumed to have records.`,
      { durationMs: timings.dnsLookupMs, log: `curl: (6) Could not resolve host: ${req.urlHost}` },
    );
    return undefined;
  }
  t.stage(
    'dns',
    'ok',
    `${req.urlHost} → ${record.address}`,
    `${req.urlHost} resolves to ${record.address}, the load balancer of ${record.controller}. routelab assumes this record exists because your YAML routes this name; in a real cluster you (or external-dns) create it; the routing resource does not.`,
    {
      sources: [record.source],
      durationMs: timings.dnsLookupMs,
      assumptions: [`a DNS record points ${record.name} at ${record.address}`],
    },
  );
  return record.address;
}
