/**
 * Finding Traefik in the YAML (a Deployment or DaemonSet running the `traefik` image)
 * and reading its static configuration from the command line, or assuming the usual
 * Helm install when the YAML has Traefik resources but no Traefik.
 *
 * Flag names are Traefik's ([TRF] docs/.../reference/install-configuration/, paerser):
 * case-insensitive keys, `--key=value` or a bare `--key` for true.
 */
import type { Deployment, Ingress, Resource } from '../../model/resources.js';
import { assumedSource, type SourceRef } from '../../model/source.js';

/** The controller value of Traefik's IngressClasses ([TRF] pkg/provider/kubernetes/ingress/kubernetes.go). */
export const TRAEFIK_CONTROLLER_CLASS = 'traefik.io/ingress-controller';
/** The class annotation value Traefik takes when no ingressClass is configured (same file). */
export const TRAEFIK_DEFAULT_CLASS = 'traefik';

export interface EntryPointSpec {
  readonly name: string;
  /** The container port it listens on (`:8000/tcp` → 8000). */
  readonly port: number;
  /** `http.tls`: every router on it is a TLS router. */
  readonly tls: boolean;
  /** `http.redirections.entryPoint.*`: everything arriving here is redirected. */
  readonly redirect?: {
    readonly to: string;
    readonly scheme: string;
    readonly permanent: boolean;
  };
  /** `http.middlewares`: applied to every router on this entry point, first. */
  readonly middlewares: readonly string[];
  readonly asDefault: boolean;
  /** forwardedHeaders.insecure or trustedIPs: the client's X-Forwarded-* are kept (routelab trusts every address then). */
  readonly trustForwardedHeaders: boolean;
  readonly source: SourceRef;
}

export interface TraefikControllerSpec {
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Flags as given, keys lower-cased. */
  readonly flags: Readonly<Record<string, string>>;
  readonly entryPoints: readonly EntryPointSpec[];
  readonly crd: ProviderSpec | undefined;
  readonly ingress: (ProviderSpec & { readonly strictPrefixMatching: boolean }) | undefined;
  readonly deployment?: Deployment;
  readonly assumed: boolean;
  readonly source: SourceRef;
  /** What routelab had to assume about this controller's configuration. */
  readonly assumptions: readonly string[];
}

export interface ProviderSpec {
  /** `ingressClass`: '' = the default rules. */
  readonly ingressClass: string;
  readonly allowEmptyServices: boolean;
  readonly allowCrossNamespace: boolean;
  readonly allowExternalNameServices: boolean;
  readonly nativeLBByDefault: boolean;
  readonly publishedService?: string;
}

/** The official image (`traefik:v3.x`, `docker.io/library/traefik`) and k3s's mirror. */
export function isTraefikImage(image: string): boolean {
  return /(^|[/-])traefik([:@]|$)/.test(image.toLowerCase());
}

function isTraefik(d: Deployment): boolean {
  return d.template.containers.some((c) => isTraefikImage(c.image));
}

export function parseTraefikFlags(args: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const a of args) {
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    const name = (eq > 0 ? a.slice(2, eq) : a.slice(2)).toLowerCase();
    flags[name] = eq > 0 ? a.slice(eq + 1) : 'true';
  }
  return flags;
}

const truthy = (v: string | undefined): boolean => v !== undefined && v.toLowerCase() === 'true';

/** `:8000/tcp`, `0.0.0.0:80`, `[::]:443` → the port. */
function portOf(address: string): number | undefined {
  const m = /:(\d+)(\/(tcp|udp))?$/i.exec(address.trim());
  return m ? Number(m[1]) : undefined;
}

function entryPointsFromArgs(
  args: readonly string[],
  flags: Readonly<Record<string, string>>,
  source: SourceRef,
): EntryPointSpec[] {
  // Names keep their case (routers refer to them by name); keys do not.
  const names: string[] = [];
  for (const a of args) {
    const m = /^--entrypoints\.([^.=]+)\./i.exec(a);
    if (m && m[1] && !names.some((n) => n.toLowerCase() === m[1]?.toLowerCase())) names.push(m[1]);
  }
  const out: EntryPointSpec[] = [];
  for (const name of names) {
    const key = `entrypoints.${name.toLowerCase()}`;
    const port = portOf(flags[`${key}.address`] ?? '');
    if (port === undefined) continue;
    const to = flags[`${key}.http.redirections.entrypoint.to`];
    const middlewares = (flags[`${key}.http.middlewares`] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    out.push({
      name,
      port,
      tls: truthy(flags[`${key}.http.tls`]) || flags[`${key}.http.tls.certresolver`] !== undefined,
      middlewares,
      asDefault: truthy(flags[`${key}.asdefault`]),
      trustForwardedHeaders:
        truthy(flags[`${key}.forwardedheaders.insecure`]) ||
        flags[`${key}.forwardedheaders.trustedips`] !== undefined,
      source,
      ...(to
        ? {
            redirect: {
              to,
              scheme: flags[`${key}.http.redirections.entrypoint.scheme`] ?? 'https',
              // [TRF] static.RedirectEntryPoint SetDefaults: permanent true.
              permanent: flags[`${key}.http.redirections.entrypoint.permanent`]
                ? truthy(flags[`${key}.http.redirections.entrypoint.permanent`])
                : true,
            },
          }
        : {}),
    });
  }
  return out;
}

function provider(flags: Readonly<Record<string, string>>, key: string): ProviderSpec | undefined {
  const enabled = Object.keys(flags).some(
    (k) => k === `providers.${key}` || k.startsWith(`providers.${key}.`),
  );
  if (!enabled || flags[`providers.${key}`] === 'false') return undefined;
  const published = flags[`providers.${key}.ingressendpoint.publishedservice`];
  return {
    ingressClass: flags[`providers.${key}.ingressclass`] ?? '',
    allowEmptyServices: truthy(flags[`providers.${key}.allowemptyservices`]),
    allowCrossNamespace: truthy(flags[`providers.${key}.allowcrossnamespace`]),
    allowExternalNameServices: truthy(flags[`providers.${key}.allowexternalnameservices`]),
    nativeLBByDefault: truthy(flags[`providers.${key}.nativelbbydefault`]),
    ...(published ? { publishedService: published } : {}),
  };
}

/** The entry points the Helm chart creates and exposes ([TRF] traefik-helm-chart values.yaml). */
function helmEntryPoints(source: SourceRef): EntryPointSpec[] {
  return [
    {
      name: 'web',
      port: 8000,
      tls: false,
      middlewares: [],
      asDefault: false,
      trustForwardedHeaders: false,
      source,
    },
    {
      name: 'websecure',
      port: 8443,
      tls: true,
      middlewares: [],
      asDefault: false,
      trustForwardedHeaders: false,
      source,
    },
  ];
}

const DEFAULT_PROVIDER: ProviderSpec = {
  ingressClass: '',
  allowEmptyServices: false,
  allowCrossNamespace: false,
  allowExternalNameServices: false,
  nativeLBByDefault: false,
};

export function detectTraefikControllers(resources: readonly Resource[]): TraefikControllerSpec[] {
  const out: TraefikControllerSpec[] = [];
  for (const r of resources) {
    if ((r.kind !== 'Deployment' && r.kind !== 'DaemonSet') || !isTraefik(r)) continue;
    const container = r.template.containers.find((c) => isTraefikImage(c.image));
    const args = container?.args ?? [];
    const flags = parseTraefikFlags(args);
    const assumptions: string[] = [];
    let entryPoints = entryPointsFromArgs(args, flags, r.source);
    const configured =
      Object.keys(flags).some((k) => k.startsWith('providers.')) || entryPoints.length > 0;
    if (!configured) {
      // A file (--configfile) or no configuration at all: routelab cannot read it.
      entryPoints = helmEntryPoints(r.source);
      assumptions.push(
        `the Traefik container's command line sets no entry points or providers (a configuration file, perhaps), so routelab assumes the Helm chart's: entry points web (:8000, behind port 80) and websecure (:8443, TLS, behind port 443), and the Kubernetes CRD and Ingress providers`,
      );
    }
    const crd = configured ? provider(flags, 'kubernetescrd') : DEFAULT_PROVIDER;
    const ing = configured ? provider(flags, 'kubernetesingress') : DEFAULT_PROVIDER;
    out.push({
      namespace: r.meta.namespace,
      name: r.meta.name,
      replicas: r.replicas,
      podLabels: r.template.labels,
      flags,
      entryPoints,
      crd,
      ingress: ing
        ? {
            ...ing,
            strictPrefixMatching: truthy(flags['providers.kubernetesingress.strictprefixmatching']),
          }
        : undefined,
      deployment: r,
      assumed: false,
      source: r.source,
      assumptions,
    });
  }
  return out;
}

/** Does the YAML ask for Traefik without running it: its CRDs, or Ingresses written for it? */
export function wantsTraefik(resources: readonly Resource[]): boolean {
  return resources.some(
    (r) =>
      r.kind === 'IngressRoute' ||
      r.kind === 'Middleware' ||
      (r.kind === 'Ingress' && ingressNamesTraefik(r)),
  );
}

function ingressNamesTraefik(ing: Ingress): boolean {
  return (
    ing.ingressClassName === TRAEFIK_DEFAULT_CLASS ||
    ing.meta.annotations['kubernetes.io/ingress.class'] === TRAEFIK_DEFAULT_CLASS ||
    Object.keys(ing.meta.annotations).some(
      (k) => k.startsWith('traefik.ingress.kubernetes.io/') || k.startsWith('traefik.io/'),
    )
  );
}

/** The controller a Helm install of Traefik v3 gives ([TRF] traefik-helm-chart values.yaml). */
export function assumedTraefikController(): TraefikControllerSpec {
  const source = assumedSource('Deployment', 'traefik', 'traefik');
  return {
    namespace: 'traefik',
    name: 'traefik',
    replicas: 1,
    podLabels: {
      'app.kubernetes.io/name': 'traefik',
      'app.kubernetes.io/instance': 'traefik-traefik',
    },
    flags: {},
    entryPoints: helmEntryPoints(source),
    crd: DEFAULT_PROVIDER,
    ingress: { ...DEFAULT_PROVIDER, strictPrefixMatching: false },
    assumed: true,
    source,
    assumptions: [
      'no Traefik is in the YAML, so routelab assumes Traefik v3 installed with its Helm chart: 1 replica in namespace traefik, entry points web (port 80) and websecure (port 443, TLS), the Kubernetes CRD and Ingress providers, IngressClass "traefik"',
    ],
  };
}
