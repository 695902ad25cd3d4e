/**
 * DNS as the lab models it: the names the routing resources use point at the load
 * balancer of the controller that serves them (records someone, or external-dns,
 * must create: an Ingress creates none). Other names do not resolve.
 */
import type { Controller, DnsRecord } from '../model/cluster.js';

export function buildDnsRecords(controllers: readonly Controller[]): DnsRecord[] {
  const records: DnsRecord[] = [];
  const seen = new Set<string>();
  const add = (name: string, c: Controller, source: DnsRecord['source']): void => {
    const key = `${name.toLowerCase()}|${c.address}`;
    if (seen.has(key)) return;
    seen.add(key);
    records.push({ name: name.toLowerCase(), address: c.address, controller: c.id, source });
  };
  for (const c of controllers) {
    for (const ing of c.claimed) {
      for (const rule of ing.rules) if (rule.host) add(rule.host, c, rule.source);
      for (const t of ing.tls) for (const h of t.hosts) add(h, c, t.source);
    }
  }
  // Hosts of Ingresses no controller claims still get a record pointing at the first
  // load balancer: the usual setup is one DNS record per name, made by hand.
  const first = controllers[0];
  if (first) {
    for (const c of controllers)
      for (const { ingress } of c.ignored)
        for (const rule of ingress.rules)
          if (rule.host && !records.some((r) => r.name === rule.host))
            add(rule.host, first, rule.source);
  }
  return records;
}

/** Looks a name up: exact record, then a wildcard record (`*.example.com` covers any depth, RFC 4592). */
export function resolveName(records: readonly DnsRecord[], name: string): DnsRecord | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  const exact = records.find((r) => r.name === n);
  if (exact) return exact;
  const wild = records.filter(
    (r) => r.name.startsWith('*.') && n.endsWith(r.name.slice(1)) && n.length > r.name.length - 1,
  );
  return wild.sort((a, b) => b.name.length - a.name.length)[0];
}
