/**
 * A trace → the nodes of the topology graph it passes, stage by stage, for the animated
 * token. The way in is trip 0; each attempt to a pod is a trip of its own (1, 2, …), so
 * retries show as separate journeys from the route to a pod.
 */
import type { Cluster, Stage, Trace } from '../../engine/index.js';
import type { TraceHop, TracePath } from '../topology/types.js';
import { NODE_IDS, routeTables, type TableNode } from './topology.js';

/** Names the graph's nodes as topology.ts does, without building the graph. */
export function tracePath(cluster: Cluster, trace: Trace): TracePath {
  const hops: TraceHop[] = [{ node: NODE_IDS.client, stage: 'client', outcome: 'ok', trip: 0 }];
  const stage = (id: Stage['id']): Stage | undefined => trace.stages.find((s) => s.id === id);
  const push = (node: string | undefined, s: Stage | undefined): boolean => {
    if (!s || s.outcome === 'skipped') return false;
    if (node) hops.push({ node, stage: s.id, outcome: s.outcome, trip: 0 });
    else if (s.outcome === 'fail' && hops.length > 0) {
      // The stage failed before reaching a node of its own: the token stops where it is.
      const last = hops[hops.length - 1] as TraceHop;
      hops.push({ ...last, stage: s.id, outcome: 'fail' });
    }
    return s.outcome === 'ok';
  };

  if (!push(NODE_IDS.dns, stage('dns'))) return { hops };
  const controller = cluster.controllers.find((c) => c.id === trace.controller);
  if (!controller) return { hops };
  if (!push(NODE_IDS.lb(controller), stage('l4lb'))) return { hops };
  const l4 = stage('l4lb');
  const replica =
    controller.replicas.find((r) => l4?.summary.includes(r)) ?? controller.replicas[0];
  const replicaNode = replica ? NODE_IDS.replica(controller, replica) : undefined;
  if (!push(replicaNode, stage('controller'))) return { hops };

  const { tables } = routeTables(controller);
  const match = stage('match');
  const winner = match?.candidates?.find((c) => c.matched);
  const route = findRoute(tables, trace.request.host, winner);
  const listenerNode = route ? route.listener : (tables[0]?.node ?? null);
  const tls = stage('tls');
  if (tls && tls.outcome !== 'skipped') {
    // TLS ends at the listener when there is a node for it, else at the replica.
    if (!push(listenerNode ?? replicaNode, tls)) return { hops };
  } else if (listenerNode) {
    hops.push({ node: listenerNode, stage: 'controller', outcome: 'ok', trip: 0 });
  }
  if (route) hops.push({ node: route.host, stage: 'match', outcome: 'ok', trip: 0 });
  if (!push(route?.node, match)) return { hops };

  const endpoints = stage('endpoints');
  const backend = trace.backend;
  const serviceNode = backend ? NODE_IDS.service(backend.namespace, backend.service) : undefined;
  if (!push(serviceNode, endpoints)) return { hops };

  const upstream = stage('upstream');
  const attempts = trace.attempts;
  if (attempts.length === 0) {
    push(backend ? NODE_IDS.pod(backend.pod) : undefined, upstream);
    return { hops };
  }
  attempts.forEach((a, i) => {
    const trip = i + 1;
    const ok = a.outcome === 'response';
    if (i > 0 && route) {
      hops.push({ node: route.node, stage: 'upstream', outcome: 'ok', trip });
      if (serviceNode) hops.push({ node: serviceNode, stage: 'upstream', outcome: 'ok', trip });
    }
    if (a.pod)
      hops.push({
        node: NODE_IDS.pod(a.pod),
        stage: 'upstream',
        outcome: ok ? 'ok' : 'fail',
        trip,
      });
  });
  const pod = stage('pod');
  if (pod && pod.outcome !== 'skipped') {
    const last = hops[hops.length - 1] as TraceHop;
    hops.push({ node: last.node, stage: 'pod', outcome: pod.outcome, trip: last.trip });
  }
  return { hops };
}

interface FoundRoute {
  readonly node: string;
  readonly host: string;
  readonly listener: string | null;
}

function findRoute(
  tables: readonly TableNode[],
  host: string,
  winner: { label: string; source?: { range: { startLine: number } } } | undefined,
): FoundRoute | undefined {
  if (!winner) return undefined;
  let best: (FoundRoute & { score: number }) | undefined;
  for (const { table, node, prefix } of tables) {
    const vhosts = [...table.virtualHosts, table.fallback];
    for (const vhost of vhosts) {
      for (const route of vhost.routes) {
        if (route.label !== winner.label) continue;
        const id = NODE_IDS.route(prefix, vhost, route);
        let score = 1;
        if (winner.source && route.source.range.startLine === winner.source.range.startLine)
          score += 2;
        const hostname = vhost.hostname;
        if (hostname === host) score += 4;
        else if (hostname?.startsWith('*.') && host.endsWith(hostname.slice(1))) score += 3;
        if (!best || score > best.score)
          best = { node: id, host: NODE_IDS.host(prefix, vhost), listener: node, score };
      }
    }
  }
  return best;
}
