import type { ObjectMeta } from '../../model/resources.js';
import type { FieldReader } from '../reader.js';

export function readMeta(r: FieldReader, namespaced: boolean): ObjectMeta | undefined {
  const name = r.str(['metadata', 'name']);
  if (!name) {
    r.reject(
      'RL103',
      ['metadata'],
      'metadata.name is missing; the API server would reject this object.',
    );
    return undefined;
  }
  const namespace = namespaced ? (r.str(['metadata', 'namespace']) ?? 'default') : '';
  const ts = r.get(['metadata', 'creationTimestamp']);
  const meta: ObjectMeta = {
    name,
    namespace,
    labels: r.stringMap(['metadata', 'labels']),
    annotations: r.stringMap(['metadata', 'annotations']),
  };
  if (typeof ts === 'string' && ts !== '') return { ...meta, creationTimestamp: ts };
  return meta;
}

/** RFC 1123 subdomain, as `validation.IsDNS1123Subdomain` checks it. */
export function isDns1123Subdomain(s: string): boolean {
  return (
    s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s)
  );
}

export function isIPv4(s: string): boolean {
  const first = s.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return false;
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function isIP(s: string): boolean {
  return isIPv4(s) || (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));
}

/**
 * Checks an Ingress host (rules[].host, tls[].hosts[]) as the API server does: a DNS
 * name, optionally with a leading `*.` wildcard label; no IP, no port. Returns the
 * reason it is invalid, or undefined.
 */
export function invalidIngressHost(host: string): string | undefined {
  if (isIP(host)) return 'must be a DNS name, not an IP address';
  if (host.includes(':')) return 'must not contain a port (":"); Ingress hosts are names only';
  if (host === '*')
    return 'a bare "*" is not allowed; a wildcard must be "*." followed by a domain';
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (name.includes('*'))
    return 'a wildcard "*" may only be the whole first label ("*.example.com")';
  if (!isDns1123Subdomain(name))
    return 'must be a lower-case RFC 1123 name (letters, digits, "-" and "."; starting and ending with a letter or digit)';
  return undefined;
}
