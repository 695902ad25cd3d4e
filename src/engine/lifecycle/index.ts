/**
 * lifecycle(before, after): the eleven stages from `kubectl apply` to a request reaching
 * a pod (semantics.md G), for this cluster and this change. Without `before` it tells the
 * story of the manifests applied to an empty cluster.
 *
 * The change is found by comparing the two clusters: which objects were created,
 * configured or deleted, and for each controller which parts of what its proxy runs
 * changed (listeners, routes, backends, endpoints, certificates). The family then decides
 * how the change reaches the proxy (an nginx reload, a dynamic Lua update, an xDS push,
 * an in-memory swap) and how long it takes; the first request after it is traced.
 */
import type { Cluster, Controller } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { RequestSpec } from '../model/request.js';
import type { Resource } from '../model/resources.js';
import type { SourceRef } from '../model/source.js';
import type { Trace } from '../model/trace.js';
import type { SimulationChange } from '../sim/simulate.js';
import { buildCluster } from '../cluster/build.js';
import { lint } from '../lint/index.js';
import { controllerVirtualHosts } from '../path/listeners.js';
import { trace } from '../path/trace.js';
import { idOf, type LifecycleContext, type Timeline } from './context.js';
import { apiServerStage, buildStage, proxyStage, tlsSecretStage, watchStage } from './control.js';
import { dataPlaneStages, LB_PROVISION_MS } from './dataplane.js';
import { diffResources } from './diff.js';
import { changedParts, configParts, type ConfigPart } from './fingerprint.js';
import { API_SERVER_MS, NGINX_WEBHOOK_MS, propagationFor } from './propagation.js';
import type { ControllerUpdate, Lifecycle, ResourceChange } from './types.js';
import { ms } from './words.js';

export interface LifecycleOptions {
  /** Diagnostics from loading the applied manifests (the API server refuses their errors). */
  readonly loadDiagnostics?: readonly Diagnostic[];
  /** Objects of the applied manifests the API server refuses (LoadResult.rejected). */
  readonly rejected?: readonly SourceRef[];
  /**
   * The request stages 6–11 follow. Default: the first host and path of what changed (or
   * of the manifests, from an empty cluster). `null`: tell stages 1–5 only.
   */
  readonly request?: RequestSpec | null;
  /** The controller to follow (namespace/name); default the one that serves the change. */
  readonly controller?: string;
  /** Current time (ISO 8601), for certificate validity. */
  readonly now?: string;
  readonly seed?: number;
}

const ROUTING_KINDS = new Set(['Ingress', 'HTTPRoute', 'IngressRoute', 'HTTPProxy']);

export function lifecycle(
  before: Cluster | undefined,
  after: Cluster,
  options: LifecycleOptions = {},
): Lifecycle {
  const mode = before ? 'change' : 'initial';
  const changes = diffResources(before?.resources ?? [], after.resources);
  const changedIds = new Set(changes.map((c) => idOf(c)));
  const rejected = options.rejected ?? [];
  const loadDiagnostics = options.loadDiagnostics ?? [];
  const clusterDiagnostics = lint(after, [], options.now ? { now: options.now } : {});
  const webhook =
    after.controllers.some((c) => c.family === 'nginx') &&
    [...changes.map((c) => c.kind), ...rejected.map((r) => r.kind)].includes('Ingress');
  const apiEndMs = API_SERVER_MS + (webhook ? NGINX_WEBHOOK_MS : 0);
  const refused = new Set([
    ...rejected.map(idOf),
    ...clusterDiagnostics
      .filter((d) => d.code === 'RL206' && d.source)
      .map((d) => idOf(d.source as SourceRef)),
  ]);
  const updates = after.controllers.map((c) =>
    controllerUpdate(before, after, c, mode, apiEndMs, changes, refused),
  );
  const focus = chooseFocus(after, options.controller, changes, updates);
  const propagation = focus ? propagationFor(focus.family, focus) : undefined;
  const focusUpdate = updates.find((u) => u.controller === focus?.id);
  const timeline = timelineFor(apiEndMs, focus, focusUpdate);
  const ctx: LifecycleContext = {
    before,
    after,
    mode,
    changes,
    changedIds,
    loadDiagnostics,
    clusterDiagnostics,
    rejected,
    updates,
    focus,
    propagation,
    timeline,
    webhook,
  };

  // A change the API server refused reaches no proxy: there is no request to follow for it.
  const request =
    options.request !== undefined
      ? options.request
      : focusUpdate?.update === 'refused'
        ? undefined
        : defaultRequest(after, focus, changes);
  const lbPending =
    mode === 'initial' &&
    focus?.service !== undefined &&
    focus.service.type === 'LoadBalancer' &&
    focus.service.loadBalancerIPs.length === 0 &&
    changedIds.has(idOf(focus.service.source));
  const requestAtMs = Math.max(
    focusUpdate?.programmedAtMs ?? timeline.programmedMs,
    lbPending ? apiEndMs + LB_PROVISION_MS : 0,
  );
  const seed = options.seed ?? 1;
  const traceOptions = { seed, ...(options.now ? { now: options.now } : {}) };
  const firstTrace: Trace | null = request ? trace(after, request, traceOptions) : null;
  let beforeAnswer: string | undefined;
  if (request && focusUpdate?.programmedAtMs) {
    const previous = before ?? withoutRouting(after);
    const early = trace(after, request, {
      ...traceOptions,
      programming: { atMs: 0, programmedAtMs: focusUpdate.programmedAtMs, previous },
    });
    beforeAnswer = `${request.method ?? 'GET'} ${request.url} gets ${early.status === null ? `no answer (${early.error ?? ''})` : early.status} from the configuration before the change`;
  }
  const stages = [
    apiServerStage(ctx),
    watchStage(ctx, refused),
    buildStage(ctx),
    tlsSecretStage(ctx),
    proxyStage(ctx, beforeAnswer),
    ...dataPlaneStages(ctx, firstTrace, requestAtMs, lbPending),
  ];
  const diagnostics = [...loadDiagnostics, ...clusterDiagnostics];
  const failed = stages.find((s) => s.outcome === 'fail');
  const summary = summarize(focus, focusUpdate, firstTrace, failed?.title, changes.length);
  return {
    mode,
    changes,
    controllers: updates,
    stages,
    programmedAtMs: focusUpdate?.programmedAtMs ?? null,
    request: request ?? null,
    trace: firstTrace,
    diagnostics,
    assumptions: [
      'the controllers are already running; durations marked "assumed" are routelab\'s estimates for a small cluster',
      ...(firstTrace?.assumptions ?? []),
    ],
    summary,
  };
}

/** The cluster without its routing objects: a controller running with nothing to serve yet. */
function withoutRouting(after: Cluster): Cluster {
  return buildCluster(
    after.resources.filter((r: Resource) => !ROUTING_KINDS.has(r.kind)),
    { strict: after.strict },
  );
}

function controllerUpdate(
  before: Cluster | undefined,
  after: Cluster,
  c: Controller,
  mode: 'initial' | 'change',
  apiEndMs: number,
  changes: readonly ResourceChange[],
  refused: ReadonlySet<string>,
): ControllerUpdate {
  const p = propagationFor(c.family, c);
  const prev = before?.controllers.find((x) => x.id === c.id);
  const base = { controller: c.id, family: c.family, product: p.product };
  const buildEndMs = apiEndMs + p.watchMs + p.queueMs + p.buildMs;
  if (mode === 'initial' || !prev) {
    const at = buildEndMs + p.structural.ms;
    return {
      ...base,
      update: p.structural.kind,
      parts: ['listeners', 'routes', 'backends', 'endpoints', 'certificates'],
      programmedAtMs: at,
      explanation: `${p.product} builds its first configuration for these resources.`,
    };
  }
  const b = configParts(before as Cluster, prev);
  const a = configParts(after, c);
  let parts: ConfigPart[] = changedParts(b, a);
  if (parts.includes('routes') && parts.includes('certificates')) {
    // ingress-nginx decides the HTTPS redirect at run time from the certificate: a new
    // certificate alone is no route change.
    const bb = configParts(before as Cluster, prev, false);
    const aa = configParts(after, c, false);
    if (bb.routes === aa.routes) parts = parts.filter((x) => x !== 'routes');
  }
  if (parts.length === 0) {
    const wasRefused = changes.some((ch) => refused.has(idOf(ch)));
    return {
      ...base,
      update: wasRefused ? 'refused' : 'none',
      parts: [],
      programmedAtMs: null,
      explanation: wasRefused
        ? 'The change was refused before it reached the controller.'
        : `Nothing ${p.product} serves changed.`,
    };
  }
  const structural = parts.includes('routes') || parts.includes('listeners');
  const toEndpoints = parts.includes('endpoints') || parts.includes('backends');
  const step = structural ? p.structural : toEndpoints ? p.endpoints : p.certificates;
  // ingress-nginx's Lua workers take new endpoints on their next sync tick.
  const sync = p.endpoints.syncIntervalMs;
  const at =
    !structural && toEndpoints && sync
      ? (Math.floor(buildEndMs / sync) + 1) * sync
      : buildEndMs + step.ms;
  return {
    ...base,
    update: step.kind,
    parts,
    programmedAtMs: at,
    explanation: `What changed for ${p.product}: ${parts.join(', ')}${structural ? '' : ' only'}.`,
  };
}

function timelineFor(
  apiEndMs: number,
  focus: Controller | undefined,
  update: ControllerUpdate | undefined,
): Timeline {
  if (!focus)
    return {
      apiEndMs,
      watchEndMs: apiEndMs,
      buildStartMs: apiEndMs,
      buildEndMs: apiEndMs,
      programmedMs: apiEndMs,
    };
  const p = propagationFor(focus.family, focus);
  const watchEndMs = apiEndMs + p.watchMs;
  const buildStartMs = watchEndMs + p.queueMs;
  const buildEndMs = buildStartMs + p.buildMs;
  return {
    apiEndMs,
    watchEndMs,
    buildStartMs,
    buildEndMs,
    programmedMs: update?.programmedAtMs ?? buildEndMs,
  };
}

/** The controller the story follows: the one asked for, else the one the change touches most. */
function chooseFocus(
  after: Cluster,
  wanted: string | undefined,
  changes: readonly ResourceChange[],
  updates: readonly ControllerUpdate[],
): Controller | undefined {
  if (wanted) {
    const c = after.controllers.find((x) => x.id === wanted || x.id.endsWith(`/${wanted}`));
    if (c) return c;
  }
  const ids = new Set(changes.map((c) => idOf(c)));
  const touched = after.controllers.find(
    (c) =>
      c.claimed.some((r) => ids.has(idOf(r.source))) ||
      c.ignored.some((i) => ids.has(idOf(i.resource.source))),
  );
  if (touched) return touched;
  const updated = updates.find((u) => u.update !== 'none' && u.update !== 'refused');
  return after.controllers.find((c) => c.id === updated?.controller) ?? after.controllers[0];
}

/** A request for the first host and path of what changed (or of the manifests). */
function defaultRequest(
  after: Cluster,
  focus: Controller | undefined,
  changes: readonly ResourceChange[],
): RequestSpec | undefined {
  const ids = new Set(changes.map((c) => idOf(c)));
  // An Ingress no controller takes: its own host shows what happens to it.
  for (const c of after.controllers)
    for (const i of c.ignored)
      if (ids.has(idOf(i.resource.source)) && i.hosts[0]) return { url: `http://${i.hosts[0]}/` };
  if (!focus) return undefined;
  const vhosts = controllerVirtualHosts(focus).filter(
    (v) => v.hostname && !v.hostname.startsWith('*'),
  );
  const changed = vhosts.find((v) => v.sources.some((s) => ids.has(idOf(s))));
  const byBackend = vhosts.find((v) =>
    v.routes.some(
      (r) =>
        r.action.kind === 'forward' &&
        r.action.backends.some((b) =>
          changes.some(
            (c) => (c.kind === 'Service' || c.kind === 'Deployment') && c.namespace === b.namespace,
          ),
        ),
    ),
  );
  const vhost = changed ?? byBackend ?? vhosts[0];
  if (!vhost?.hostname) return undefined;
  const route =
    vhost.routes.find((r) => r.action.kind === 'forward' && ids.has(idOf(r.source))) ??
    vhost.routes.find((r) => r.action.kind === 'forward') ??
    vhost.routes[0];
  const p = route?.match.path;
  const written = route?.written ? route.written.slice(route.written.indexOf(' ') + 1) : undefined;
  const path =
    written && written.startsWith('/') && !/[()[\]*+?^$|\\]/.test(written)
      ? written
      : !p || p.kind === 'regex'
        ? '/'
        : p.value;
  return { url: `${vhost.tls ? 'https' : 'http'}://${vhost.hostname}${path}` };
}

function summarize(
  focus: Controller | undefined,
  update: ControllerUpdate | undefined,
  t: Trace | null,
  failedAt: string | undefined,
  changeCount: number,
): string {
  if (changeCount === 0) return 'Nothing changes: every object is as it was.';
  if (!focus || !update) return 'No controller serves these resources.';
  const how =
    update.update === 'reload'
      ? `${update.product} reloads`
      : update.update === 'dynamic'
        ? `${update.product} updates without a reload`
        : update.update === 'push'
          ? `${update.product} pushes xDS to Envoy`
          : update.update === 'memory'
            ? `${update.product} swaps its configuration in memory`
            : update.update === 'refused'
              ? 'The change is refused'
              : `Nothing ${update.product} serves changes`;
  const when =
    update.programmedAtMs !== null
      ? `; the new configuration serves from ${ms(update.programmedAtMs)}`
      : '';
  const request = t ? `; ${t.request.method} ${t.request.url} → ${t.status ?? 'no response'}` : '';
  const failed = failedAt ? ` (fails at: ${failedAt})` : '';
  return `${how}${when}${request}${failed}.`;
}

/**
 * The change from `before` to `after`, applied at `atMs` of a simulation: when its
 * controller serves it (lifecycle's timing for the family) and whether that is a reload.
 */
export function simulationChange(before: Cluster, after: Cluster, atMs: number): SimulationChange {
  const l = lifecycle(before, after, { request: null });
  const focus = l.controllers.find((u) => u.programmedAtMs !== null);
  return {
    after,
    atMs,
    programmedAtMs: atMs + (focus?.programmedAtMs ?? 0),
    reload: focus?.update === 'reload',
    label: focus
      ? `${focus.product} ${focus.update === 'reload' ? 'reloads' : focus.update === 'dynamic' ? 'updates without a reload' : focus.update === 'push' ? 'pushes xDS' : 'swaps its configuration'}`
      : 'nothing to update',
  };
}

export { applyChange } from './apply.js';
export type { ApplyOptions } from './apply.js';
export { notYetProgrammed } from './stale.js';
export { LIFECYCLE_ORDER } from './types.js';
export type {
  ChangeAction,
  ControllerUpdate,
  Lifecycle,
  LifecycleOutcome,
  LifecycleProblem,
  LifecycleStage,
  LifecycleStageId,
  ResourceChange,
  UpdateKind,
} from './types.js';
