/** TLS sections: hosts not in rules, missing or unusable Secrets, certificates that do not cover a host. */
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { nameCovers } from '../util/hostnames.js';
import { servingBehaviour } from './servedBy.js';

export function lintTls(cluster: Cluster, now?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of cluster.resources) {
    if (r.kind !== 'Ingress') continue;
    const proxy = servingBehaviour(cluster, r);
    const serves = `${proxy.product} serves its default certificate ("${proxy.defaultCertificateName}")`;
    const ruleHosts = new Set(
      r.rules.map((x) => x.host?.toLowerCase()).filter((h): h is string => !!h),
    );
    r.tls.forEach((t, i) => {
      t.hosts.forEach((h, j) => {
        if (!ruleHosts.has(h.toLowerCase()))
          out.push({
            code: 'RL401',
            severity: 'warning',
            message: `TLS host ${h} is not the host of any rule in this Ingress, so no server uses this entry for it: requests for ${h} get the default certificate.`,
            source: r.locate(['spec', 'tls', i, 'hosts', j]),
          });
      });
      if (!t.secretName) {
        out.push({
          code: 'RL402',
          severity: 'warning',
          message: `This TLS entry has no secretName: ${serves} for ${t.hosts.join(', ') || 'these hosts'}${proxy.product === 'ingress-nginx' ? ', and still redirects HTTP to HTTPS' : ''}.`,
          source: t.source,
        });
        return;
      }
      const key = `${r.meta.namespace}/${t.secretName}`;
      const cert = cluster.certificates.get(key);
      const at = r.locate(['spec', 'tls', i, 'secretName']);
      if (!cert) {
        out.push({
          code: 'RL402',
          severity: 'error',
          message: `Secret ${key} does not exist: ${serves} for ${t.hosts.join(', ')}, which browsers reject. Create the TLS Secret in namespace ${r.meta.namespace} (kubectl create secret tls ${t.secretName} --cert=… --key=…).`,
          source: at,
        });
        return;
      }
      if (cert.unusable) {
        out.push({
          code: 'RL403',
          severity: 'error',
          message: `Secret ${key} ${cert.unusable}: ${serves} instead.`,
          source: at,
        });
        return;
      }
      if (cert.placeholder) return;
      for (const h of t.hosts) {
        const names = [...cert.dnsNames, ...(cert.subject ? [cert.subject] : [])];
        if (!names.some((n) => nameCovers(n, h)))
          out.push({
            code: 'RL404',
            severity: 'error',
            message: `The certificate in ${key} does not cover ${h} (it names ${names.join(', ') || 'nothing'}): ${serves} for ${h}.`,
            source: at,
          });
      }
      if (now && cert.notAfter) {
        const left = Date.parse(cert.notAfter) - Date.parse(now);
        if (left < 0)
          out.push({
            code: 'RL405',
            severity: 'error',
            message: `The certificate in ${key} expired on ${cert.notAfter}.`,
            source: at,
          });
        else if (left < 240 * 3600 * 1000)
          out.push({
            code: 'RL405',
            severity: 'warning',
            message: `The certificate in ${key} expires on ${cert.notAfter}, within 240 hours (ingress-nginx logs a warning from now on).`,
            source: at,
          });
      }
    });
  }
  return out;
}
