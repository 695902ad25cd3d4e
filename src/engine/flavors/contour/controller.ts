/**
 * Finding Contour in the YAML: the `contour serve` Deployment (the control plane, which
 * watches the API and pushes xDS) and, in the same namespace, the Envoy DaemonSet or
 * Deployment that carries the traffic, as the quickstart (examples/contour) and the Helm
 * charts install them. When the YAML has HTTPProxies and no Contour, the quickstart
 * install is assumed. Which objects an install serves follows
 * [CTR] internal/ingressclass/ingressclass.go (MatchesHTTPProxy, matches).
 */
import type { HTTPProxy } from '../../model/contour.js';
import { CONTOUR_CLASS_ANNOTATIONS } from '../../model/contour.js';
import type { Container, Deployment, Resource } from '../../model/resources.js';
import { assumedSource, type SourceRef } from '../../model/source.js';

/** [CTR] ingressclass.DefaultClassName: what an install without --ingress-class-name matches. */
export const CONTOUR_DEFAULT_CLASS = 'contour';

export interface ContourInstall {
  /** The `contour serve` workload (or the assumed one). */
  readonly namespace: string;
  readonly name: string;
  readonly flags: Readonly<Record<string, string>>;
  /** --ingress-class-name, split on commas; empty when the flag is absent. */
  readonly classNames: readonly string[];
  readonly source: SourceRef;
  /** The Envoy workload that carries the traffic. */
  readonly envoy?: Deployment;
  readonly envoyName: string;
  readonly envoyLabels: Readonly<Record<string, string>>;
  readonly envoyReplicas: number;
  readonly envoySource: SourceRef;
  readonly assumed: boolean;
}

const isContourImage = (c: Container): boolean => /(^|\/)contour(:|@|$)/.test(c.image);
const isEnvoyImage = (c: Container): boolean =>
  /(^|\/)envoy(:|@|$)/.test(c.image) && !c.image.includes('envoyproxy/gateway');

/**
 * The control plane runs `contour serve`; the Envoy pods' shutdown-manager sidecar uses
 * the same image for `contour envoy shutdown-manager` (command and args are joined here).
 */
function isContourServe(d: Deployment): boolean {
  return d.template.containers.some(
    (c) =>
      isContourImage(c) &&
      (c.args.includes('serve') || (c.args.length === 0 && c.name === 'contour')),
  );
}

function parseFlags(args: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    let value = eq > 0 ? a.slice(eq + 1) : 'true';
    if (eq < 0 && args[i + 1] !== undefined && !(args[i + 1] ?? '').startsWith('--'))
      value = args[++i] ?? '';
    flags[name] = value;
  }
  return flags;
}

export function detectContourInstalls(resources: readonly Resource[]): ContourInstall[] {
  const workloads = resources.filter(
    (r): r is Deployment => r.kind === 'Deployment' || r.kind === 'DaemonSet',
  );
  const out: ContourInstall[] = [];
  for (const d of workloads) {
    if (!isContourServe(d)) continue;
    const args = d.template.containers.filter(isContourImage).flatMap((c) => c.args);
    const flags = parseFlags(args);
    const envoy = workloads.find(
      (w) => w.meta.namespace === d.meta.namespace && w.template.containers.some(isEnvoyImage),
    );
    const classNames = (flags['ingress-class-name'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    out.push({
      namespace: d.meta.namespace,
      name: d.meta.name,
      flags,
      classNames,
      source: d.source,
      assumed: false,
      ...(envoy
        ? {
            envoy,
            envoyName: envoy.meta.name,
            envoyLabels: envoy.template.labels,
            envoyReplicas: envoy.replicas,
            envoySource: envoy.source,
          }
        : {
            envoyName: 'envoy',
            envoyLabels: { app: 'envoy' },
            envoyReplicas: 1,
            envoySource: assumedSource('DaemonSet', d.meta.namespace, 'envoy'),
          }),
    });
  }
  return out;
}

/** The quickstart install (examples/contour): namespace projectcontour, DaemonSet envoy. */
export function assumedContourInstall(): ContourInstall {
  return {
    namespace: 'projectcontour',
    name: 'contour',
    flags: {},
    classNames: [],
    source: assumedSource('Deployment', 'projectcontour', 'contour'),
    envoyName: 'envoy',
    envoyLabels: { app: 'envoy' },
    envoyReplicas: 1,
    envoySource: assumedSource('DaemonSet', 'projectcontour', 'envoy'),
    assumed: true,
  };
}

/** The class an HTTPProxy names: the annotations first, then spec.ingressClassName. */
export function proxyClass(p: HTTPProxy): { name: string; source: SourceRef } | undefined {
  for (const a of CONTOUR_CLASS_ANNOTATIONS) {
    const v = p.meta.annotations[a];
    if (v !== undefined && v !== '')
      return { name: v, source: p.locate(['metadata', 'annotations', a]) };
  }
  if (p.ingressClassName !== undefined)
    return { name: p.ingressClassName, source: p.locate(['spec', 'ingressClassName']) };
  return undefined;
}

export type ProxyClaim =
  { readonly claimed: true } | { readonly claimed: false; readonly reason: string };

/** matches(): the class an object names against the classes an install serves. */
export function classMatches(cls: string | undefined, classNames: readonly string[]): boolean {
  const c = cls ?? '';
  if (classNames.length === 0) return c === '' || c === CONTOUR_DEFAULT_CLASS;
  return classNames.includes(c);
}

/**
 * matches(): without --ingress-class-name Contour serves objects with no class or class
 * "contour"; with it, only objects naming one of its classes.
 */
export function claimProxy(p: HTTPProxy, install: ContourInstall): ProxyClaim {
  const cls = proxyClass(p)?.name;
  if (install.classNames.length === 0) {
    if (cls === undefined || cls === CONTOUR_DEFAULT_CLASS) return { claimed: true };
    return {
      claimed: false,
      reason: `it names class "${cls}", and Contour ${install.namespace}/${install.name} runs without --ingress-class-name, so it serves only objects with no class or class "${CONTOUR_DEFAULT_CLASS}"`,
    };
  }
  if (cls !== undefined && install.classNames.includes(cls)) return { claimed: true };
  return {
    claimed: false,
    reason:
      cls === undefined
        ? `it names no class, and Contour ${install.namespace}/${install.name} runs with --ingress-class-name=${install.classNames.join(',')}, so it serves only objects of that class`
        : `it names class "${cls}", not ${install.classNames.map((c) => `"${c}"`).join(' or ')} (--ingress-class-name of Contour ${install.namespace}/${install.name})`,
  };
}
