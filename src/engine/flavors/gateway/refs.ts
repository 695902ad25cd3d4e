/**
 * ReferenceGrant ([GW] referencegrant_types.go; semantics.md C5): a reference from one
 * namespace to an object in another is allowed only when a ReferenceGrant in the
 * target's namespace lists the referrer's group, kind and namespace in `from` and the
 * target's group, kind (and name, when given) in `to`. Entries are ORed; deleting the
 * grant revokes access. Route → Gateway attachment is governed by allowedRoutes instead.
 */
import type { ReferenceGrant } from '../../model/gateway.js';
import type { Resource } from '../../model/resources.js';
import type { SourceRef } from '../../model/source.js';

export interface Referrer {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
}

export interface Target {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export type GrantVerdict =
  | { readonly allowed: true; readonly grant?: ReferenceGrant; readonly how: string }
  | { readonly allowed: false; readonly why: string };

export class ReferenceGrants {
  private readonly byNamespace = new Map<string, ReferenceGrant[]>();

  constructor(resources: readonly Resource[]) {
    for (const r of resources) {
      if (r.kind !== 'ReferenceGrant') continue;
      const list = this.byNamespace.get(r.meta.namespace) ?? [];
      list.push(r);
      this.byNamespace.set(r.meta.namespace, list);
    }
  }

  check(from: Referrer, to: Target): GrantVerdict {
    if (from.namespace === to.namespace)
      return { allowed: true, how: 'same namespace: no ReferenceGrant needed' };
    const grants = this.byNamespace.get(to.namespace) ?? [];
    for (const g of grants) {
      const fromOk = g.from.some(
        (f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace,
      );
      const toOk = g.to.some(
        (t) =>
          t.group === to.group &&
          t.kind === to.kind &&
          (t.name === undefined || t.name === to.name),
      );
      if (fromOk && toOk)
        return {
          allowed: true,
          grant: g,
          how: `ReferenceGrant ${g.meta.namespace}/${g.meta.name} allows ${from.kind}s from ${from.namespace}`,
        };
    }
    const why = grants
      .map((g) => {
        const entry = g.from.find((f) => f.namespace === from.namespace);
        if (!entry) return undefined;
        if (entry.group !== from.group || entry.kind !== from.kind)
          return `ReferenceGrant ${g.meta.namespace}/${g.meta.name} admits ${entry.group || 'core'}/${entry.kind} from ${from.namespace}, not ${from.group || 'core'}/${from.kind}`;
        return `ReferenceGrant ${g.meta.namespace}/${g.meta.name} admits ${from.kind}s from ${from.namespace}, but not to ${to.kind} ${to.name}`;
      })
      .find((w) => w !== undefined);
    return {
      allowed: false,
      why:
        why ??
        `no ReferenceGrant in namespace ${to.namespace} allows ${from.kind}s from ${from.namespace} to refer to ${to.kind} ${to.name}`,
    };
  }
}

export function grantSource(v: GrantVerdict): SourceRef | undefined {
  return v.allowed && v.grant ? v.grant.source : undefined;
}
