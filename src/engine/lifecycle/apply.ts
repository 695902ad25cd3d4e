/**
 * `kubectl apply -f change.yaml` (or `kubectl delete -f`) on a set of resources: objects
 * of the change replace those with the same kind, namespace and name, new ones are
 * added. The API server keeps an object's creationTimestamp on update and sets it on
 * create, which decides who is older when two Ingresses claim one path (the oldest
 * wins): a created object without one is stamped later than everything already there.
 */
import type { Resource } from '../model/resources.js';
import { resourceId } from './diff.js';

export interface ApplyOptions {
  /** `kubectl delete -f`: remove the change's objects instead of applying them. */
  readonly delete?: boolean;
  /** When the change is applied (ISO 8601): the creationTimestamp of created objects. */
  readonly now?: string;
}

export function applyChange(
  before: readonly Resource[],
  change: readonly Resource[],
  options: ApplyOptions = {},
): Resource[] {
  const byId = new Map(change.map((r) => [resourceId(r), r] as const));
  if (options.delete) return before.filter((r) => !byId.has(resourceId(r)));
  const existing = new Map(before.map((r) => [resourceId(r), r] as const));
  const stamp = options.now ?? laterThan(before);
  const out: Resource[] = [];
  for (const r of before) {
    const replacement = byId.get(resourceId(r));
    if (!replacement) out.push(r);
    else out.push(withTimestamp(replacement, r.meta.creationTimestamp));
  }
  for (const r of change)
    if (!existing.has(resourceId(r))) out.push(withTimestamp(r, r.meta.creationTimestamp ?? stamp));
  return out;
}

function withTimestamp(r: Resource, ts: string | undefined): Resource {
  if (ts === undefined || r.meta.creationTimestamp === ts) return r;
  return { ...r, meta: { ...r.meta, creationTimestamp: ts } } as Resource;
}

/** One second after the newest creationTimestamp (objects without one count as the epoch). */
function laterThan(resources: readonly Resource[]): string {
  let newest = 0;
  for (const r of resources) {
    const t = r.meta.creationTimestamp ? Date.parse(r.meta.creationTimestamp) : 0;
    if (Number.isFinite(t) && t > newest) newest = t;
  }
  return new Date(Math.floor(newest / 1000) * 1000 + 1000).toISOString().replace('.000Z', 'Z');
}
