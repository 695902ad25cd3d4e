/**
 * Which IngressClass an Ingress ends up with once the API server has stored it.
 * The DefaultIngressClass admission plugin ([K8S-ADM]) fills in `ingressClassName` on
 * CREATE when neither the field nor the deprecated annotation is set. Since Kubernetes
 * 1.25 (PR #110974) several defaults no longer block creation: the newest wins.
 */
import type { Diagnostic } from '../model/diagnostics.js';
import type { Ingress, IngressClass } from '../model/resources.js';

export const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export interface ClassDefaulting {
  /** The default class the admission plugin would assign, if any. */
  readonly defaultClass?: IngressClass;
  readonly diagnostics: readonly Diagnostic[];
}

export function chooseDefaultClass(classes: readonly IngressClass[]): ClassDefaulting {
  const defaults = classes.filter((c) => c.isDefault);
  if (defaults.length === 0) return { diagnostics: [] };
  const ts = (c: IngressClass): number =>
    c.meta.creationTimestamp ? Math.floor(Date.parse(c.meta.creationTimestamp) / 1000) : 0;
  const sorted = [...defaults].sort(
    (a, b) => ts(b) - ts(a) || a.meta.name.localeCompare(b.meta.name),
  );
  const chosen = sorted[0];
  const diagnostics: Diagnostic[] =
    defaults.length > 1
      ? defaults.map((c) => ({
          code: 'RL209',
          severity: 'warning' as const,
          message: `${defaults.length} IngressClasses are marked default (${defaults.map((d) => d.meta.name).join(', ')}). Since Kubernetes 1.25 new Ingresses without a class get the newest one${chosen ? ` (${chosen.meta.name})` : ''}; before 1.25 their creation was refused. Keep one default.`,
          source: c.locate(['metadata', 'annotations']),
        }))
      : [];
  return chosen ? { defaultClass: chosen, diagnostics } : { diagnostics };
}

/** The class name an Ingress has after admission, and whether the plugin set it. */
export function effectiveClassName(
  ing: Ingress,
  defaulting: ClassDefaulting,
): { name?: string; defaulted: boolean } {
  if (ing.ingressClassName !== undefined) return { name: ing.ingressClassName, defaulted: false };
  if (ing.meta.annotations[CLASS_ANNOTATION] !== undefined) return { defaulted: false };
  if (defaulting.defaultClass) return { name: defaulting.defaultClass.meta.name, defaulted: true };
  return { defaulted: false };
}
