/**
 * What `lifecycle` returns: the eleven stages from `kubectl apply` to a request reaching a
 * pod (semantics.md G), each with what happens, the component, the simulated time for
 * this controller family, what the user would see and what went wrong for this cluster.
 */
import type { Diagnostic, Severity } from '../model/diagnostics.js';
import type { RequestSpec } from '../model/request.js';
import type { FamilyId } from '../model/routeTable.js';
import type { SourceRef } from '../model/source.js';
import type { Trace } from '../model/trace.js';

export type LifecycleStageId =
  | 'apiServer'
  | 'controllerWatch'
  | 'configGenerated'
  | 'tlsSecret'
  | 'proxyUpdate'
  | 'dns'
  | 'loadBalancer'
  | 'tlsTermination'
  | 'routeMatching'
  | 'backendSelection'
  | 'forwarded';

export const LIFECYCLE_ORDER: readonly LifecycleStageId[] = [
  'apiServer',
  'controllerWatch',
  'configGenerated',
  'tlsSecret',
  'proxyUpdate',
  'dns',
  'loadBalancer',
  'tlsTermination',
  'routeMatching',
  'backendSelection',
  'forwarded',
];

/**
 * `ok`: done; `warning`: done, with a problem worth knowing; `fail`: this stage stops the
 * change or the request; `unchanged`: the change does not touch this stage; `skipped`:
 * not reached (an earlier stage failed, or there is no request to follow).
 */
export type LifecycleOutcome = 'ok' | 'warning' | 'fail' | 'unchanged' | 'skipped';

export interface LifecycleProblem {
  readonly severity: Severity;
  /** The diagnostic code, when the problem is one (RL1xx manifest, RL2xx routing, ...). */
  readonly code?: string;
  /** What went wrong at this stage. */
  readonly what: string;
  /** What the user sees because of it. */
  readonly symptom: string;
  readonly source?: SourceRef;
}

export interface LifecycleStage {
  readonly id: LifecycleStageId;
  /** 1 to 11. */
  readonly step: number;
  readonly title: string;
  /** Who does it: "kube-apiserver", "ingress-nginx controller ingress-nginx/ingress-nginx-controller". */
  readonly component: string;
  readonly outcome: LifecycleOutcome;
  /** One line. */
  readonly summary: string;
  /** What happens at this stage, in plain words. */
  readonly happens: string;
  /** Simulated time after `kubectl apply`, in milliseconds. */
  readonly startMs: number;
  readonly endMs: number;
  /** How the time is made up, and where its numbers come from. */
  readonly timing: string;
  /** What the user would see: kubectl output, events, log lines. */
  readonly visible: readonly string[];
  readonly problems: readonly LifecycleProblem[];
  readonly sources: readonly SourceRef[];
}

export type ChangeAction = 'created' | 'configured' | 'deleted';

export interface ResourceChange {
  readonly action: ChangeAction;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** What changed, in words ("replicas 2 → 3", "tls.crt rotated"). */
  readonly detail: string;
  readonly source?: SourceRef;
}

/**
 * How a controller's proxy takes the change: `reload` (nginx renders, tests and reloads;
 * old workers drain), `dynamic` (ingress-nginx posts endpoints or certificates to Lua, no
 * reload), `push` (xDS to Envoy, no restart), `memory` (Traefik swaps its configuration),
 * `none` (nothing it serves changed), `refused` (nothing of the change reached it).
 */
export type UpdateKind = 'reload' | 'dynamic' | 'push' | 'memory' | 'none' | 'refused';

export interface ControllerUpdate {
  readonly controller: string;
  readonly family: FamilyId;
  readonly product: string;
  readonly update: UpdateKind;
  /** What changed in what the proxy runs: "routes", "endpoints", "certificates", "backends", "listeners". */
  readonly parts: readonly string[];
  /** When the proxy serves the new configuration (ms after `kubectl apply`); null for none/refused. */
  readonly programmedAtMs: number | null;
  readonly explanation: string;
}

export interface Lifecycle {
  /** `initial`: the manifests applied to an empty cluster; `change`: a diff between two clusters. */
  readonly mode: 'initial' | 'change';
  readonly changes: readonly ResourceChange[];
  readonly controllers: readonly ControllerUpdate[];
  readonly stages: readonly LifecycleStage[];
  /** When the controller that serves the request has its new configuration; null when it never will. */
  readonly programmedAtMs: number | null;
  /** The request stages 6–11 follow, sent once the configuration is programmed. */
  readonly request: RequestSpec | null;
  /** That request's trace, when there is one. */
  readonly trace: Trace | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly assumptions: readonly string[];
  readonly summary: string;
}
