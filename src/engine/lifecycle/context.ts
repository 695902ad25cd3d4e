/** What every stage of a lifecycle story needs: both clusters, the change, the diagnostics, the timeline. */
import type { Cluster, Controller } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { SourceRef } from '../model/source.js';
import type {
  LifecycleProblem,
  LifecycleStageId,
  ResourceChange,
  ControllerUpdate,
} from './types.js';
import type { Propagation } from './propagation.js';

export interface Timeline {
  /** The API server has stored the objects. */
  readonly apiEndMs: number;
  /** The controller's informer has the event. */
  readonly watchEndMs: number;
  readonly buildStartMs: number;
  readonly buildEndMs: number;
  /** The proxy serves the new configuration. */
  readonly programmedMs: number;
}

export interface LifecycleContext {
  readonly before: Cluster | undefined;
  readonly after: Cluster;
  readonly mode: 'initial' | 'change';
  readonly changes: readonly ResourceChange[];
  /** `kind/namespace/name` of every changed object. */
  readonly changedIds: ReadonlySet<string>;
  readonly loadDiagnostics: readonly Diagnostic[];
  readonly clusterDiagnostics: readonly Diagnostic[];
  readonly rejected: readonly SourceRef[];
  readonly updates: readonly ControllerUpdate[];
  /** The controller the story follows (the one serving the request, or the change). */
  readonly focus: Controller | undefined;
  readonly propagation: Propagation | undefined;
  readonly timeline: Timeline;
  /** Uses the Ingress webhook of ingress-nginx (the change has an Ingress an ingress-nginx controller sees). */
  readonly webhook: boolean;
}

export function idOf(ref: { kind: string; namespace: string; name: string }): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** Which stage a diagnostic belongs to: load-time ones are the API server's, the rest by code. */
export function stageOfDiagnostic(d: Diagnostic, fromLoad: boolean): LifecycleStageId {
  if (fromLoad) return 'apiServer';
  const code = d.code;
  if (code === 'RL206' || code === 'RL209') return 'apiServer';
  if (code === 'RL208') return 'controllerWatch';
  if (code === 'RL306') return 'forwarded';
  if (code.startsWith('RL3')) return 'backendSelection';
  if (code.startsWith('RL4')) return 'tlsSecret';
  return 'configGenerated';
}

/** What a diagnostic causes, in the user's terms, by stage. */
const SYMPTOMS: Readonly<Record<LifecycleStageId, string>> = {
  apiServer: 'kubectl apply fails for this object: the cluster keeps what it had',
  controllerWatch: 'the controller ignores it: no ADDRESS, and its hosts get the default backend',
  configGenerated: 'the controller builds its configuration differently from what the YAML says',
  tlsSecret: 'browsers get the default certificate and a certificate error',
  proxyUpdate: 'the proxy does not take the new configuration',
  dns: 'the name does not resolve',
  loadBalancer: 'connections time out',
  tlsTermination: 'the TLS handshake fails',
  routeMatching: 'requests get another route, or 404',
  backendSelection: 'requests routed here get 503',
  forwarded: 'requests fail with 502 or 504',
};

/** Symptoms of particular diagnostics, where the stage's generic one would mislead. */
const CODE_SYMPTOMS: Readonly<Record<string, string>> = {
  RL206:
    'kubectl apply fails: the admission webhook denies the Ingress, and the cluster keeps what it had',
  RL208:
    'no controller serves it: kubectl get ingress shows no ADDRESS, and requests for its hosts get the default backend (404)',
  RL209:
    'before Kubernetes 1.25 creating an Ingress without a class is Forbidden; since then the newest default class is used',
  RL210: 'the older Ingress keeps the path: requests go to its backend, not this one',
  RL212: 'the canary gets no traffic',
  RL301: 'requests routed to this backend get 503 (no endpoints)',
  RL306: 'connections to the pods are refused: 502',
  RL401: 'that host gets the default certificate',
  RL402:
    'browsers get the default certificate ("Kubernetes Ingress Controller Fake Certificate") and a certificate error',
  RL403: 'browsers get the default certificate and a certificate error',
  RL404: 'browsers get a certificate that does not name the host: a certificate error',
  RL405: 'clients reject the expired certificate',
  RL406: 'none here: routelab assumes the placeholder certificate covers its hosts',
};

export function problemOf(d: Diagnostic, stage: LifecycleStageId): LifecycleProblem {
  return {
    severity: d.severity,
    code: d.code,
    what: d.message,
    symptom:
      CODE_SYMPTOMS[d.code] ??
      (d.severity === 'info' ? 'worth knowing; nothing fails' : SYMPTOMS[stage]),
    ...(d.source ? { source: d.source } : {}),
  };
}

/**
 * The diagnostics of a stage worth telling in this story: all of them for the story
 * from an empty cluster; for a change, errors anywhere and anything about a changed object.
 */
export function stageProblems(ctx: LifecycleContext, stage: LifecycleStageId): LifecycleProblem[] {
  const out: LifecycleProblem[] = [];
  const seen = new Set<string>();
  const consider = (d: Diagnostic, fromLoad: boolean): void => {
    if (stageOfDiagnostic(d, fromLoad) !== stage) return;
    if (fromLoad && d.severity === 'info') return;
    const relevant =
      ctx.mode === 'initial' ||
      d.severity === 'error' ||
      (d.source !== undefined && ctx.changedIds.has(idOf(d.source)));
    if (!relevant) return;
    const key = `${d.code}|${d.source?.range.startLine ?? d.range?.startLine ?? 0}|${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(problemOf(d, stage));
  };
  for (const d of ctx.loadDiagnostics) consider(d, true);
  for (const d of ctx.clusterDiagnostics) consider(d, false);
  return out;
}
