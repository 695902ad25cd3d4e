/**
 * Standard Ingresses served by Contour, after [CTR] internal/dag/ingress_processor.go and
 * site/content/docs/main/config/ingress.md:
 *  - a rule without a host goes to Envoy's "*" virtual host; `defaultBackend` is a rule
 *    "/" on "*" placed before the others;
 *  - `Prefix` is a segment prefix with trailing slashes trimmed ("/" stays a string
 *    prefix), `Exact` an exact path, `ImplementationSpecific` a regex when the path holds
 *    any of ^+*[]% and a string prefix otherwise;
 *  - a TLS entry whose Secret resolves makes its hosts HTTPS virtual hosts; plain HTTP is
 *    still served unless `kubernetes.io/ingress.allow-http: "false"`, and redirected only
 *    with `ingress.kubernetes.io/force-ssl-redirect: "true"`;
 *  - timeouts and retries come from projectcontour.io annotations (internal/dag/policy.go
 *    ingressTimeoutPolicy, ingressRetryPolicy).
 */
import type { Ingress, IngressPath, Service } from '../../model/resources.js';
import type { Route, RouteCheck, RoutePolicy, TlsBinding } from '../../model/routeTable.js';
import { ENVOY_BACKOFF_BASE_MS } from '../envoy/retry.js';
import type { PathCondition } from './conditions.js';
import type { Sortable } from './precedence.js';
import { lookupIngressCertificate, type TlsInput } from './tls.js';
import { contourDuration, parseGoDurationMs } from '../../manifest/kinds/contour.js';
import { routeLabel, routeMatch, routePolicy } from './translate.js';

export const INGRESS_REGEX_CHARS = /[\^+*[\]%]/;

export interface IngressEntry {
  /** Lower-case host, or '*' for rules without one. */
  readonly host: string;
  readonly sortable: Sortable;
  readonly route: Route;
  /** How the plain-HTTP listener treats the route. */
  readonly http: 'serve' | 'redirect' | 'none';
}

export interface IngressHosts {
  readonly entries: readonly IngressEntry[];
  /** Hosts with a usable certificate. */
  readonly tls: ReadonlyMap<string, TlsBinding>;
  readonly problems: readonly { ingress: Ingress; message: string }[];
}

/** The path condition Contour makes of an Ingress path. */
export function ingressPathCondition(p: IngressPath): PathCondition {
  const path = p.path === '' ? '/' : p.path;
  switch (p.pathType ?? 'ImplementationSpecific') {
    case 'Prefix':
      return path === '/'
        ? { kind: 'prefix', value: '/' }
        : { kind: 'prefix', value: path.replace(/\/+$/, '') || '/', segment: true };
    case 'Exact':
      return { kind: 'exact', value: path };
    default:
      return INGRESS_REGEX_CHARS.test(path)
        ? { kind: 'regex', value: path }
        : { kind: 'prefix', value: path };
  }
}

const ann = (ing: Ingress, key: string): string | undefined =>
  ing.meta.annotations[`projectcontour.io/${key}`];

function ingressPolicy(ing: Ingress): RoutePolicy {
  const base = routePolicy(undefined, { algorithm: 'round_robin' });
  const response = contourDuration(ann(ing, 'response-timeout') ?? ann(ing, 'request-timeout'));
  const timeouts =
    response.kind === 'duration'
      ? { ...base.timeouts, requestMs: response.ms }
      : response.kind === 'disabled'
        ? {
            connectMs: base.timeouts.connectMs,
            sendMs: base.timeouts.sendMs,
            readMs: base.timeouts.readMs,
          }
        : base.timeouts;
  const retryOn = ann(ing, 'retry-on');
  if (!retryOn) return { ...base, timeouts };
  const count = Number(ann(ing, 'num-retries') ?? '1');
  const retries = !Number.isFinite(count) ? 1 : count === -1 ? 0 : count <= 0 ? 1 : count;
  const perTry = ann(ing, 'per-try-timeout');
  const perTryMs = perTry !== undefined ? parseGoDurationMs(perTry) : undefined;
  return {
    ...base,
    timeouts,
    retry: {
      tries: retries + 1,
      on: retryOn
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      budgetMs: 0,
      retryNonIdempotent: true,
      ...(perTryMs !== undefined && perTryMs > 0 ? { perTryTimeoutMs: perTryMs } : {}),
      backoffBaseMs: ENVOY_BACKOFF_BASE_MS,
    },
  };
}

export function compileIngresses(
  ingresses: readonly Ingress[],
  services: ReadonlyMap<string, Service>,
  tlsInput: TlsInput,
): IngressHosts {
  const entries: IngressEntry[] = [];
  const tls = new Map<string, TlsBinding>();
  const problems: { ingress: Ingress; message: string }[] = [];
  // computeSecureVirtualhosts runs first, over every Ingress.
  for (const ing of ingresses)
    for (const t of ing.tls) {
      if (!t.secretName) continue;
      const found = lookupIngressCertificate(ing, t.secretName, t.source, tlsInput);
      if (!found.ok) {
        problems.push({ ingress: ing, message: found.message });
        continue;
      }
      for (const h of t.hosts) tls.set(h.toLowerCase(), found.binding);
    }
  for (const ing of ingresses) {
    const forceSsl = ing.meta.annotations['ingress.kubernetes.io/force-ssl-redirect'] === 'true';
    const allowHttp = ing.meta.annotations['kubernetes.io/ingress.allow-http'] !== 'false';
    const policy = ingressPolicy(ing);
    const rules = [
      ...(ing.defaultBackend
        ? [
            {
              host: undefined,
              paths: [
                { path: '/', backend: ing.defaultBackend, source: ing.defaultBackend.source },
              ],
            },
          ]
        : []),
      ...ing.rules,
    ];
    for (const rule of rules) {
      const host = rule.host?.toLowerCase() ?? '*';
      for (const p of rule.paths as readonly IngressPath[]) {
        const svc = p.backend.service;
        if (!svc) continue;
        let port = svc.port.number;
        if (port === undefined && svc.port.name !== undefined) {
          const s = services.get(`${ing.meta.namespace}/${svc.name}`);
          port = s?.ports.find((x) => x.name === svc.port.name)?.port;
          if (port === undefined) {
            problems.push({
              ingress: ing,
              message: `service "${ing.meta.namespace}/${svc.name}" has no port named "${svc.port.name ?? ''}": Contour leaves this path out`,
            });
            continue;
          }
        }
        const path = ingressPathCondition(p);
        const wildcard = host.startsWith('*.') ? host : undefined;
        const sortable: Sortable = { path, headers: [], query: [] };
        const checks: RouteCheck[] = [];
        const route: Route = {
          id: '',
          label: `${routeLabel(path, [], [])}${path.kind === 'prefix' && path.segment ? ' (whole segments)' : ''}`,
          match: routeMatch(path, [], [], wildcard),
          checks,
          action: {
            kind: 'forward',
            backends: [
              {
                namespace: ing.meta.namespace,
                service: svc.name,
                port: { number: port ?? 80 },
                weight: 1,
                source: p.backend.source,
              },
            ],
            alternatives: [],
          },
          policy,
          source: p.source,
          written: `${p.path || '/'} (${p.pathType ?? 'ImplementationSpecific'}) of Ingress ${ing.meta.namespace}/${ing.meta.name}`,
        };
        const http: IngressEntry['http'] = forceSsl ? 'redirect' : allowHttp ? 'serve' : 'none';
        entries.push({ host, sortable, route, http });
      }
    }
  }
  return { entries, tls, problems };
}
