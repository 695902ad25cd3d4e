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
  for (const c of controllers) for (const n of c.dnsNames) add(n.name, c, n.source);
  // Hosts of resources no controller serves still get a record pointing at the first
  // load balancer: the usual setup is one DNS record per name, made by hand.
  const first = controllers[0];
  if (first) {
    for (const c of controllers)
      for (const { resource, hosts } of c.ignored)
        for (const host of hosts)
          if (!records.some((r) => r.name === host)) add(host, first, resource.source);
  }
  return records;
}

interface DnsIndex {
  readonly exact: ReadonlyMap<string, DnsRecord>;
  /** Wildcard records, longest name first. */
  readonly wildcards: readonly DnsRecord[];
}

const indexes = new WeakMap<readonly DnsRecord[], DnsIndex>();

function dnsIndex(records: readonly DnsRecord[]): DnsIndex {
  let index = indexes.get(records);
  if (!index) {
    const exact = new Map<string, DnsRecord>();
    for (const r of records)
      if (!r.name.startsWith('*.') && !exact.has(r.name)) exact.set(r.name, r);
    const wildcards = records
      .filter((r) => r.name.startsWith('*.'))
      .sort((a, b) => b.name.length - a.name.length);
    index = { exact, wildcards };
    indexes.set(records, index);
  }
  return index;
}

/** Looks a name up: exact record, then a wildcard record (`*.example.com` covers any depth, RFC 4592). */
export function resolveName(records: readonly DnsRecord[], name: string): DnsRecord | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  const index = dnsIndex(records);
  return (
    index.exact.get(n) ??
    index.wildcards.find((r) => n.endsWith(r.name.slice(1)) && n.length > r.name.length - 1)
  );
}
