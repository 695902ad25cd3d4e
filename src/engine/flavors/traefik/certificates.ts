/**
 * Traefik's certificate store and the names a rule asks certificates for.
 */
import type { RouteTable, TlsBinding, VirtualHost } from '../../model/routeTable.js';
import type { SourceRef } from '../../model/source.js';
import type { CompileInput, ServedRouter } from './compile.js';
import type { RuleNode } from './rule.js';

/** Which certificates Traefik's store holds, per table (the store is shared by all entry points). */
export const certificateStores = new WeakMap<RouteTable, readonly VirtualHost[]>();

/**
 * Traefik's certificate store: every Secret an IngressRoute's tls.secretName or an
 * Ingress's spec.tls names, plus what certificate resolvers obtain for TLS routers
 * (their tls.domains, else the Host names of the rule). A TLS handshake gets the
 * certificate whose names cover the SNI, exact names before wildcards, else Traefik's
 * default certificate ([TRF] pkg/tls/certificate_store.go GetBestCertificate).
 */
export function certificateStore(
  input: CompileInput,
  served: readonly ServedRouter[],
): VirtualHost[] {
  const out: VirtualHost[] = [];
  const seen = new Set<string>();
  const add = (key: string, names: readonly string[], tls: TlsBinding): void => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ id: key, hostname: names[0] ?? key, tls, routes: [], sources: [tls.source] });
    for (const n of names.slice(1))
      out.push({ id: `${key}#${n}`, hostname: n, tls, routes: [], sources: [tls.source] });
  };
  const secretCert = (secret: string, hosts: readonly string[], source: SourceRef): void => {
    const cert = input.certificates.get(secret);
    if (!cert || cert.unusable) return;
    const names = cert.placeholder
      ? hosts
      : [...cert.dnsNames, ...(cert.subject ? [cert.subject] : [])];
    if (names.length > 0)
      add(
        secret,
        names.map((n) => n.toLowerCase()),
        { secret, source },
      );
  };
  for (const s of served) {
    const tls = s.router.tls;
    if (!tls) continue;
    const hosts = tls.domains.length > 0 ? tls.domains : ruleHosts(s.tree);
    if (tls.secretName)
      secretCert(`${s.router.resource.meta.namespace}/${tls.secretName}`, hosts, tls.source);
    if (tls.certResolver && hosts.length > 0)
      add(`acme:${tls.certResolver}:${hosts.join(',')}`, hosts, {
        automatic: { issuer: tls.certResolver, names: hosts },
        source: tls.source,
      });
  }
  for (const c of input.ingressCertificates) secretCert(c.secret, c.hosts, c.source);
  return out;
}

/** The exact names of the Host matchers that are not negated ([TRF] mux.go ParseDomains). */
export function ruleHosts(n: RuleNode, negated = false): string[] {
  switch (n.kind) {
    case 'matcher':
      return n.name === 'Host' && !negated ? [(n.args[0] ?? '').toLowerCase()] : [];
    case 'not':
      return ruleHosts(n.arg, !negated);
    default:
      return n.args.flatMap((a) => ruleHosts(a, negated));
  }
}
