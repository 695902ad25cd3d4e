/** Backends: Services that are missing, ports that do not exist, selectors and target ports that lead nowhere. */
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { FamilyBehaviour } from '../model/family.js';
import type { IngressBackend } from '../model/resources.js';
import { servingBehaviour } from './servedBy.js';

export function lintBackends(cluster: Cluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const r of cluster.resources) {
    if (r.kind !== 'Ingress') continue;
    const proxy = servingBehaviour(cluster, r);
    const backends: IngressBackend[] = [
      ...(r.defaultBackend ? [r.defaultBackend] : []),
      ...r.rules.flatMap((x) => x.paths.map((p) => p.backend)),
    ];
    for (const b of backends) {
      if (!b.service) continue;
      const port = b.service.port;
      const key = `${r.meta.namespace}/${b.service.name}:${port.number ?? port.name}`;
      const res = cluster.resolveService(r.meta.namespace, b.service.name, port);
      const where = `${r.meta.namespace}/${b.service.name}`;
      if (res.assumed) {
        if (!seen.has(`assumed:${where}`))
          out.push({
            code: 'RL301',
            severity: 'info',
            message: `Service ${where} is not in the YAML; routelab assumes it exists with one ready pod. Run with --strict to treat it as missing (${proxy.product} then answers ${proxy.status.noEndpoints}).`,
            source: b.source,
          });
        seen.add(`assumed:${where}`);
        continue;
      }
      if (seen.has(key) || !res.problem) {
        seen.add(key);
        if (!res.problem)
          out.push(...listeningProblems(cluster, proxy, r.meta.namespace, b.service.name, port, b));
        continue;
      }
      seen.add(key);
      const code = !res.service
        ? 'RL301'
        : !res.port
          ? 'RL302'
          : res.problem.includes('matches no pods')
            ? 'RL303'
            : res.problem.includes('container port named')
              ? 'RL304'
              : 'RL305';
      out.push({
        code,
        severity: code === 'RL305' ? 'warning' : 'error',
        message: `Backend ${where} port ${port.number ?? port.name}: ${res.problem}, so requests routed here get ${proxy.status.noEndpoints} from ${proxy.product}.`,
        source: b.source,
      });
    }
  }
  return out;
}

function listeningProblems(
  cluster: Cluster,
  proxy: FamilyBehaviour,
  ns: string,
  name: string,
  port: { number?: number; name?: string },
  b: IngressBackend,
): Diagnostic[] {
  const res = cluster.resolveService(ns, name, port);
  const deaf = res.endpoints.filter((e) => !e.listening);
  if (deaf.length === 0) return [];
  const target = deaf[0]?.port;
  return [
    {
      code: 'RL306',
      severity: 'warning',
      message: `Service ${ns}/${name} sends to port ${target}, but its pods declare other container ports, so nothing is assumed to listen there: connections are refused and ${proxy.product} answers ${proxy.status.connectFailure}. Point targetPort at the containerPort (or its name).`,
      source:
        res.port && res.service
          ? (res.service.ports.find((p) => p.port === res.port?.port)?.source ?? b.source)
          : b.source,
    },
  ];
}
