/**
 * What a change did to the resources: created, configured (edited) or deleted, with a
 * few words on what changed. Two objects are the same when kind, namespace and name are;
 * their contents compare without where they sit in the YAML.
 */
import type { Resource } from '../model/resources.js';
import type { ResourceChange } from './types.js';

export function resourceKind(r: Resource): string {
  return r.kind === 'Unknown' ? r.declaredKind : r.kind;
}

export function resourceId(r: Resource): string {
  return `${resourceKind(r)}/${r.meta.namespace}/${r.meta.name}`;
}

/** The object's content without its position in the YAML (sources, order, locate). */
export function contentOf(r: Resource): string {
  return JSON.stringify(r, (key, value: unknown) =>
    key === 'source' || key === 'locate' || key === 'order' || key === 'matchSource'
      ? undefined
      : value,
  );
}

/** Kinds a cluster does not store: routelab's own Scenario, RouteTest and Exercise. */
const NOT_APPLIED = new Set(['Scenario', 'RouteTest', 'Exercise']);

export function diffResources(
  before: readonly Resource[],
  after: readonly Resource[],
): ResourceChange[] {
  const old = new Map(before.filter(applied).map((r) => [resourceId(r), r] as const));
  const now = new Map(after.filter(applied).map((r) => [resourceId(r), r] as const));
  const changes: ResourceChange[] = [];
  for (const [id, r] of now) {
    const prev = old.get(id);
    if (!prev) changes.push(change('created', r, 'new object'));
    else if (contentOf(prev) !== contentOf(r))
      changes.push(change('configured', r, describe(prev, r)));
  }
  for (const [id, r] of old)
    if (!now.has(id)) changes.push({ ...change('deleted', r, 'removed'), source: r.source });
  return changes;
}

function applied(r: Resource): boolean {
  return !NOT_APPLIED.has(r.kind);
}

function change(action: ResourceChange['action'], r: Resource, detail: string): ResourceChange {
  return {
    action,
    kind: resourceKind(r),
    namespace: r.meta.namespace,
    name: r.meta.name,
    detail,
    source: r.source,
  };
}

/** A few words on what changed between two versions of one object. */
function describe(prev: Resource, next: Resource): string {
  if (prev.kind === 'Deployment' && next.kind === 'Deployment') {
    const parts: string[] = [];
    if (prev.replicas !== next.replicas) parts.push(`replicas ${prev.replicas} → ${next.replicas}`);
    if (JSON.stringify(prev.template.containers) !== JSON.stringify(next.template.containers))
      parts.push('pod template changed (a rollout)');
    if (parts.length > 0) return parts.join(', ');
  }
  if (prev.kind === 'Secret' && next.kind === 'Secret') {
    const keys = [...new Set([...Object.keys(prev.data), ...Object.keys(next.data)])].filter(
      (k) => prev.data[k] !== next.data[k],
    );
    if (keys.length > 0)
      return keys.includes('tls.crt') || keys.includes('tls.key')
        ? 'certificate rotated (tls.crt/tls.key changed)'
        : `data changed (${keys.join(', ')})`;
  }
  if (prev.kind === 'Pod' && next.kind === 'Pod' && prev.ready !== next.ready)
    return `readiness ${prev.ready === false ? 'not ready' : 'ready'} → ${next.ready === false ? 'not ready' : 'ready'}`;
  if (prev.kind === 'Service' && next.kind === 'Service') {
    if (JSON.stringify(prev.selector) !== JSON.stringify(next.selector)) return 'selector changed';
    return 'ports or type changed';
  }
  if (JSON.stringify(prev.meta.annotations) !== JSON.stringify(next.meta.annotations))
    return 'annotations changed';
  if (prev.kind === 'ConfigMap') return 'data changed';
  return 'spec changed';
}
