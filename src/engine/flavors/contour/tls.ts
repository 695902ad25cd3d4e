/**
 * The certificate of a TLS root, found as Contour finds it ([CTR] internal/dag/cache.go
 * LookupTLSSecret, delegationPermitted; site/content/docs/main/config/tls-delegation.md):
 * `secretName` is `name` or `namespace/name`; a Secret in another namespace needs a
 * TLSCertificateDelegation in the Secret's namespace that names the Secret and the
 * proxy's namespace (or "*"). A Secret that cannot be used makes the whole root invalid:
 * Contour then serves nothing for its fqdn, not even plain HTTP.
 */
import type { CertificateSummary } from '../../model/cluster.js';
import type { HTTPProxy, TLSCertificateDelegation } from '../../model/contour.js';
import type { Ingress, Secret } from '../../model/resources.js';
import type { SourceRef } from '../../model/source.js';
import type { TlsBinding } from '../../model/routeTable.js';
import type { ProxyError } from './includes.js';

export interface TlsInput {
  readonly secrets: ReadonlyMap<string, Secret>;
  readonly certificates: ReadonlyMap<string, CertificateSummary>;
  readonly delegations: readonly TLSCertificateDelegation[];
}

export type TlsLookup =
  | { readonly ok: true; readonly binding: TlsBinding }
  | {
      readonly ok: false;
      readonly error: Omit<ProxyError, 'source'> & { source: ProxyError['source'] };
    };

/** k8s.NamespacedNameFrom: "ns/name" or "name" in the default namespace. */
export function secretKey(
  secretName: string,
  defaultNamespace: string,
): { namespace: string; name: string } {
  const slash = secretName.indexOf('/');
  return slash > 0
    ? { namespace: secretName.slice(0, slash), name: secretName.slice(slash + 1) }
    : { namespace: defaultNamespace, name: secretName };
}

/** delegationPermitted: same namespace, or delegated by name to this namespace or "*". */
export function delegationPermitted(
  secret: { namespace: string; name: string },
  targetNamespace: string,
  delegations: readonly TLSCertificateDelegation[],
): TLSCertificateDelegation | true | undefined {
  if (secret.namespace === targetNamespace) return true;
  return delegations.find(
    (d) =>
      d.meta.namespace === secret.namespace &&
      d.delegations.some(
        (x) =>
          x.secretName === secret.name &&
          (x.targetNamespaces.includes(targetNamespace) || x.targetNamespaces.includes('*')),
      ),
  );
}

export function lookupRootCertificate(root: HTTPProxy, input: TlsInput): TlsLookup | undefined {
  const tls = root.virtualhost?.tls;
  if (!tls || tls.passthrough || !tls.secretName) return undefined;
  const source = root.locate(['spec', 'virtualhost', 'tls', 'secretName']);
  const written = tls.secretName;
  const ref = secretKey(written, root.meta.namespace);
  const key = `${ref.namespace}/${ref.name}`;
  const fail = (reason: string, message: string): TlsLookup => ({
    ok: false,
    error: { type: 'TLSError', reason, message, source },
  });
  if (!delegationPermitted(ref, root.meta.namespace, input.delegations))
    return fail(
      'DelegationNotPermitted',
      `Spec.VirtualHost.TLS Secret "${written}" certificate delegation not permitted`,
    );
  const secret = input.secrets.get(key);
  if (!secret)
    return fail(
      'SecretNotValid',
      `Spec.VirtualHost.TLS Secret "${written}" is invalid: Secret not found`,
    );
  const cert = input.certificates.get(key);
  if (!cert)
    return fail(
      'SecretNotValid',
      `Spec.VirtualHost.TLS Secret "${written}" is invalid: it is not a kubernetes.io/tls Secret with tls.crt and tls.key`,
    );
  if (cert.unusable)
    return fail(
      'SecretNotValid',
      `Spec.VirtualHost.TLS Secret "${written}" is invalid: it ${cert.unusable}`,
    );
  return { ok: true, binding: { secret: key, source } };
}

/**
 * An Ingress TLS entry's Secret (ingress_processor.go computeSecureVirtualhosts): in the
 * Ingress's namespace, or in the one `projectcontour.io/tls-cert-namespace` names (then a
 * TLSCertificateDelegation must allow it). A failure leaves the hosts without HTTPS.
 */
export function lookupIngressCertificate(
  ing: Ingress,
  secretName: string,
  source: SourceRef,
  input: TlsInput,
): { ok: true; binding: TlsBinding } | { ok: false; message: string } {
  const ns = ing.meta.annotations['projectcontour.io/tls-cert-namespace'] ?? ing.meta.namespace;
  const ref = secretKey(secretName, ns);
  const key = `${ref.namespace}/${ref.name}`;
  if (!delegationPermitted(ref, ing.meta.namespace, input.delegations))
    return { ok: false, message: `Secret ${key}: certificate delegation not permitted` };
  if (!input.secrets.has(key)) return { ok: false, message: `Secret ${key}: Secret not found` };
  const cert = input.certificates.get(key);
  if (!cert) return { ok: false, message: `Secret ${key} is not a kubernetes.io/tls Secret` };
  if (cert.unusable) return { ok: false, message: `Secret ${key} ${cert.unusable}` };
  return { ok: true, binding: { secret: key, source } };
}
