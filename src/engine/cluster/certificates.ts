/**
 * TLS Secrets → certificate summaries. A real PEM certificate gives its SANs and
 * validity; a placeholder (text that is not PEM at all, as tutorials write) is assumed
 * to cover the hosts that reference it, and is marked as assumed wherever it is used.
 */
import type { CertificateSummary } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Resource, Secret } from '../model/resources.js';
import { hasPemPrivateKey, parsePemCertificates } from '../util/x509.js';

export function summarizeSecret(secret: Secret): CertificateSummary | undefined {
  const crt = secret.data['tls.crt'];
  const key = secret.data['tls.key'];
  const hasTlsKeys = crt !== undefined || key !== undefined || secret.type === 'kubernetes.io/tls';
  if (!hasTlsKeys) return undefined;
  const base = { secret: `${secret.meta.namespace}/${secret.meta.name}`, source: secret.source };
  if (crt === undefined || crt.trim() === '')
    return { ...base, dnsNames: [], placeholder: false, unusable: 'has no tls.crt' };
  if (key === undefined || key.trim() === '')
    return { ...base, dnsNames: [], placeholder: false, unusable: 'has no tls.key' };
  if (!crt.includes('-----BEGIN')) return { ...base, dnsNames: [], placeholder: true };
  const parsed = parsePemCertificates(crt);
  if (!parsed.ok)
    return {
      ...base,
      dnsNames: [],
      placeholder: false,
      unusable: `holds a tls.crt that is not a valid certificate (${parsed.reason})`,
    };
  const leaf = parsed.certificates[0];
  if (!leaf) return { ...base, dnsNames: [], placeholder: false, unusable: 'holds no certificate' };
  if (key.includes('-----BEGIN') && !hasPemPrivateKey(key))
    return {
      ...base,
      dnsNames: leaf.dnsNames,
      placeholder: false,
      unusable: 'holds a tls.key that is not a PEM private key',
    };
  return {
    ...base,
    dnsNames: [...leaf.dnsNames, ...leaf.ipAddresses],
    ...(leaf.subjectCommonName ? { subject: leaf.subjectCommonName } : {}),
    notBefore: leaf.notBefore,
    notAfter: leaf.notAfter,
    selfSigned: leaf.selfSigned,
    placeholder: false,
  };
}

export function collectCertificates(
  resources: readonly Resource[],
  diagnostics: Diagnostic[],
): Map<string, CertificateSummary> {
  const out = new Map<string, CertificateSummary>();
  for (const r of resources) {
    if (r.kind !== 'Secret') continue;
    const summary = summarizeSecret(r);
    if (!summary) continue;
    out.set(summary.secret, summary);
    if (summary.placeholder)
      diagnostics.push({
        code: 'RL406',
        severity: 'info',
        message: `Secret ${summary.secret}: tls.crt is not a PEM certificate, so routelab assumes it covers the hosts that use it. A real controller would reject it: ingress-nginx serves its default certificate, Envoy-based controllers leave the listener without it.`,
        source: r.locate(['data', 'tls.crt']),
      });
  }
  return out;
}
