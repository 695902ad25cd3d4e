/** Pods: those the YAML lists, and those its Deployments, StatefulSets and DaemonSets would create. */
import type { PodInfo } from '../model/cluster.js';
import type { Deployment, Pod, Resource } from '../model/resources.js';
import { fnv1a, safeSuffix } from '../util/hash.js';

/** Pod IPs come from one flat range, assigned in a stable order (as a CNI would, roughly). */
function podIp(index: number): string {
  return `10.244.${Math.floor(index / 250)}.${(index % 250) + 2}`;
}

function workloadPodNames(d: Deployment): string[] {
  const names: string[] = [];
  if (d.kind === 'StatefulSet') {
    for (let i = 0; i < d.replicas; i++) names.push(`${d.meta.name}-${i}`);
    return names;
  }
  // Deployment pods are <deployment>-<pod-template-hash>-<5 chars>; DaemonSet pods <ds>-<5 chars>.
  const templateHash = safeSuffix(
    `${d.meta.namespace}/${d.meta.name}/${fnv1a(JSON.stringify(d.template.labels))}`,
    10,
  );
  for (let i = 0; i < d.replicas; i++) {
    const suffix = safeSuffix(`${d.meta.namespace}/${d.meta.name}#${i}`, 5);
    names.push(
      d.kind === 'DaemonSet'
        ? `${d.meta.name}-${suffix}`
        : `${d.meta.name}-${templateHash}-${suffix}`,
    );
  }
  return names;
}

export function collectPods(resources: readonly Resource[]): PodInfo[] {
  const pods: PodInfo[] = [];
  let index = 0;
  for (const r of resources) {
    if (r.kind === 'Deployment' || r.kind === 'StatefulSet' || r.kind === 'DaemonSet') {
      for (const name of workloadPodNames(r)) {
        pods.push({
          name,
          namespace: r.meta.namespace,
          ip: podIp(index++),
          labels: r.template.labels,
          containers: r.template.containers,
          ready: true,
          source: r.source,
        });
      }
    } else if (r.kind === 'Pod') {
      const pod: Pod = r;
      pods.push({
        name: pod.meta.name,
        namespace: pod.meta.namespace,
        ip: pod.podIP ?? podIp(index++),
        labels: pod.meta.labels,
        containers: pod.containers,
        ready: pod.ready ?? true,
        source: pod.source,
      });
    }
  }
  return pods;
}

export function selectorMatches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}
