/**
 * Finding ingress-nginx in the YAML (its Deployment and flags), or assuming the usual
 * Helm install when the YAML has none; and deciding which Ingresses it claims
 * ([INX] internal/ingress/controller/store/store.go GetIngressClass).
 */
import type { Deployment, Ingress, IngressClass, Resource } from '../../model/resources.js';
import { assumedSource, type SourceRef } from '../../model/source.js';
import { CLASS_ANNOTATION } from '../../cluster/classes.js';

export const NGINX_CONTROLLER_CLASS = 'k8s.io/ingress-nginx';

export interface NginxControllerSpec {
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly flags: Readonly<Record<string, string>>;
  readonly controllerClass: string;
  /** --ingress-class: the value the deprecated annotation must carry. */
  readonly annotationClass: string;
  readonly watchWithoutClass: boolean;
  readonly deployment?: Deployment;
  readonly source: SourceRef;
}

function isNginxController(d: Deployment): boolean {
  return d.template.containers.some(
    (c) =>
      c.image.includes('ingress-nginx/controller') ||
      c.args.some(
        (a) => a.endsWith('/nginx-ingress-controller') || a === 'nginx-ingress-controller',
      ),
  );
}

function parseFlags(args: readonly string[], namespace: string): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    let value = eq > 0 ? a.slice(eq + 1) : 'true';
    if (eq < 0 && args[i + 1] !== undefined && !(args[i + 1] ?? '').startsWith('--'))
      value = args[++i] ?? '';
    flags[name] = value.replace(/\$\(POD_NAMESPACE\)/g, namespace);
  }
  return flags;
}

export function detectNginxControllers(resources: readonly Resource[]): NginxControllerSpec[] {
  const out: NginxControllerSpec[] = [];
  for (const r of resources) {
    if ((r.kind !== 'Deployment' && r.kind !== 'DaemonSet') || !isNginxController(r)) continue;
    const args = r.template.containers.flatMap((c) => c.args);
    const flags = parseFlags(args, r.meta.namespace);
    out.push({
      namespace: r.meta.namespace,
      name: r.meta.name,
      replicas: r.replicas,
      podLabels: r.template.labels,
      flags,
      controllerClass: flags['controller-class'] ?? NGINX_CONTROLLER_CLASS,
      annotationClass: flags['ingress-class'] ?? 'nginx',
      watchWithoutClass: flags['watch-ingress-without-class'] === 'true',
      deployment: r,
      source: r.source,
    });
  }
  return out;
}

/** The controller a Helm install of ingress-nginx gives: one replica, class `nginx`. */
export function assumedNginxController(): NginxControllerSpec {
  return {
    namespace: 'ingress-nginx',
    name: 'ingress-nginx-controller',
    replicas: 1,
    podLabels: {
      'app.kubernetes.io/name': 'ingress-nginx',
      'app.kubernetes.io/component': 'controller',
    },
    flags: {},
    controllerClass: NGINX_CONTROLLER_CLASS,
    annotationClass: 'nginx',
    watchWithoutClass: false,
    source: assumedSource('Deployment', 'ingress-nginx', 'ingress-nginx-controller'),
  };
}

/** The IngressClass `nginx` that the Helm chart creates (not marked default). */
export function assumedNginxClass(): IngressClass {
  const source = assumedSource('IngressClass', '', 'nginx');
  return {
    kind: 'IngressClass',
    apiVersion: 'networking.k8s.io/v1',
    meta: { name: 'nginx', namespace: '', labels: {}, annotations: {} },
    source,
    locate: () => source,
    order: -1,
    controller: NGINX_CONTROLLER_CLASS,
    isDefault: false,
  };
}

export type Claim =
  | { readonly claimed: true; readonly how: string }
  | { readonly claimed: false; readonly reason: string };

export function claimIngress(
  ing: Ingress,
  className: string | undefined,
  defaulted: boolean,
  spec: NginxControllerSpec,
  classes: readonly IngressClass[],
): Claim {
  if (className !== undefined) {
    const cls = classes.find((c) => c.meta.name === className);
    if (cls) {
      return {
        claimed: true,
        how: defaulted
          ? `it has no class, so the API server gave it the default IngressClass ${className}, whose controller is ${spec.controllerClass}`
          : `ingressClassName ${className} names an IngressClass whose controller is ${spec.controllerClass}`,
      };
    }
    return {
      claimed: false,
      reason: `ingressClassName "${className}" is not an IngressClass of controller ${spec.controllerClass}`,
    };
  }
  const annotation = ing.meta.annotations[CLASS_ANNOTATION];
  if (annotation !== undefined) {
    if (annotation === spec.annotationClass)
      return {
        claimed: true,
        how: `its ${CLASS_ANNOTATION} annotation is "${annotation}" (deprecated, still honoured)`,
      };
    return {
      claimed: false,
      reason: `its ${CLASS_ANNOTATION} annotation "${annotation}" is not "${spec.annotationClass}"`,
    };
  }
  if (spec.watchWithoutClass)
    return {
      claimed: true,
      how: 'it has no class and the controller runs with --watch-ingress-without-class=true',
    };
  return {
    claimed: false,
    reason:
      'it has no ingressClassName, no class annotation and there is no default IngressClass; ingress-nginx ignores Ingresses without a class unless started with --watch-ingress-without-class=true',
  };
}
