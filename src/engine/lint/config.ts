/** The ingress-nginx ConfigMap and IngressClasses: unknown keys, annotation-only keys, misplaced annotations. */
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { findNginxKey, NGINX_KEYS } from '../flavors/nginx/catalogue.js';
import { DEFAULT_CLASS_ANNOTATION } from '../manifest/kinds/ingress.js';
import { closest } from './suggest.js';

const CONFIGMAP_KEYS = NGINX_KEYS.filter((k) => k.scope !== 'annotation').map((k) => k.name);

export function lintControllerConfig(cluster: Cluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of cluster.controllers) {
    const cm = c.configMap;
    if (!cm || c.family !== 'nginx') continue;
    for (const key of Object.keys(cm.data)) {
      const known = findNginxKey(key);
      const at = cm.locate(['data', key]);
      if (!known) {
        const guess = closest(key, CONFIGMAP_KEYS);
        out.push({
          code: 'RL501',
          severity: 'warning',
          message: `${key} is not an ingress-nginx ConfigMap key and is ignored.${guess ? ` Did you mean ${guess}?` : ''}`,
          source: at,
        });
      } else if (known.scope === 'annotation') {
        out.push({
          code: 'RL501',
          severity: 'warning',
          message: `${key} is an Ingress annotation (nginx.ingress.kubernetes.io/${key}), not a ConfigMap key: here it is ignored.`,
          source: at,
        });
      }
    }
  }
  const byController = new Map<string, string[]>();
  for (const r of cluster.resources) {
    if (r.kind !== 'IngressClass') continue;
    byController.set(r.controller, [...(byController.get(r.controller) ?? []), r.meta.name]);
    for (const key of Object.keys(r.meta.annotations)) {
      if (
        key === DEFAULT_CLASS_ANNOTATION ||
        key.startsWith('kubectl.kubernetes.io/') ||
        key.startsWith('meta.helm.sh/')
      )
        continue;
      const misplaced =
        key.startsWith('service.beta.kubernetes.io/') || key.startsWith('service.kubernetes.io/');
      out.push({
        code: 'RL214',
        severity: misplaced ? 'warning' : 'info',
        message: misplaced
          ? `${key} on an IngressClass does nothing: cloud load-balancer annotations belong on the controller's Service of type LoadBalancer.`
          : `${key} on an IngressClass is not read by ingress-nginx.`,
        source: r.locate(['metadata', 'annotations', key]),
      });
    }
  }
  for (const [controller, names] of byController) {
    if (names.length < 2) continue;
    const served = cluster.controllers.filter((c) => c.controllerClass === controller);
    if (served.length <= 1)
      for (const r of cluster.resources)
        if (r.kind === 'IngressClass' && r.controller === controller)
          out.push({
            code: 'RL213',
            severity: 'info',
            message: `IngressClasses ${names.join(', ')} all name controller ${controller}, so one controller serves all of them (${served[0]?.id ?? 'the assumed one'}). To split public and internal traffic, run two controllers with distinct --controller-class values and give each IngressClass its own controller.`,
            source: r.locate(['spec', 'controller']),
          });
  }
  return out;
}
