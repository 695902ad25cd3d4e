/** Which certificate ingress-nginx serves, and whether a certificate covers a host. */
import type { CertificateSummary } from '../../model/cluster.js';
import { nameCovers } from '../../util/hostnames.js';

/**
 * The self-signed certificate ingress-nginx serves when no configured one applies
 * ([INX] internal/net/ssl/ssl.go getFakeHostSSLCert).
 */
export const FAKE_CERTIFICATE = {
  subject: 'Kubernetes Ingress Controller Fake Certificate',
  organization: 'Acme Co',
  dnsNames: ['ingress.local'],
} as const;

/**
 * SAN match (a `*.` wildcard covers exactly one label), then the Common Name, which
 * ingress-nginx still checks when the SANs do not match ([INX] controller.go createServers,
 * "Validating certificate against DNS names").
 */
export function certificateCovers(cert: CertificateSummary, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const names = [...cert.dnsNames, ...(cert.subject ? [cert.subject] : [])];
  return names.some((n) => nameCovers(n.toLowerCase(), h));
}
