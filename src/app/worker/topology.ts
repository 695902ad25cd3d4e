/**
 * Cluster → the topology graph's nodes and edges (plain data; positions come from layout.ts).
 * Runs in the worker: a Cluster holds functions and never crosses to the page.
 *
 * Columns, left to right: client, DNS, the cloud load balancer of each controller, its
 * replicas, its listeners (one node per route table), hosts, routes, Services, pods.
 */
import type {
  Cluster,
  Controller,
  Route,
  RouteTable,
  SourceRef,
  VirtualHost,
} from '../../engine/index.js';
import type { TopoEdge, TopoKind, TopoNode } from '../topology/types.js';

export interface TableNode {
  readonly table: RouteTable;
  readonly node: string | null;
  /** Prefix of this table's host node ids. */
  readonly prefix: string;
}

export type UnplacedNode = Omit<TopoNode, 'x' | 'y' | 'width' | 'height'>;

export interface TopologyGraph {
  readonly nodes: readonly UnplacedNode[];
  readonly edges: readonly TopoEdge[];
}

export const NODE_IDS = {
  client: 'client',
  dns: 'dns',
  lb: (c: Controller) => `lb:${c.id}`,
  replica: (c: Controller, name: string) => `replica:${c.id}:${name}`,
  listener: (prefix: string) => `listener:${prefix}`,
  host: (prefix: string, vhost: VirtualHost) => `host:${prefix}:${vhost.id}`,
  route: (prefix: string, vhost: VirtualHost, route: Route) =>
    `route:${prefix}:${vhost.id}:${route.id}`,
  service: (ns: string, name: string) => `svc:${ns}/${name}`,
  pod: (name: string) => `pod:${name}`,
};

/**
 * A controller's route tables, in order, with the node that stands for each: a listener
 * node when the controller has several tables (ingress-nginx serves the same table on :80
 * and :443, so one node per distinct table), else null (hosts hang off the replicas). The
 * graph and the trace path (tracePath.ts) name hosts and routes from these prefixes, so the
 * path needs no graph: it is computed before the graph, for the first part of an answer.
 */
export function routeTables(controller: Controller): {
  readonly tables: readonly TableNode[];
  readonly listeners: readonly Listener[][];
} {
  const byTable = new Map<RouteTable, Listener[]>();
  for (const l of controller.listeners) {
    const list = byTable.get(l.table) ?? [];
    list.push(l);
    byTable.set(l.table, list);
  }
  const several = byTable.size > 1;
  const tables: TableNode[] = [];
  let t = 0;
  for (const table of byTable.keys()) {
    const prefix = `${controller.id}:t${t++}`;
    tables.push({ table, node: several ? NODE_IDS.listener(prefix) : null, prefix });
  }
  return { tables, listeners: [...byTable.values()] };
}

type Listener = Controller['listeners'][number];

const FAMILY_NAMES: Readonly<Record<string, string>> = {
  nginx: 'ingress-nginx',
  'envoy-gateway': 'Envoy Gateway',
  traefik: 'Traefik',
  contour: 'Contour',
};

export function familyName(family: string): string {
  return FAMILY_NAMES[family] ?? family;
}

export function buildTopology(cluster: Cluster): TopologyGraph {
  const nodes = new Map<string, UnplacedNode>();
  const edges = new Map<string, TopoEdge>();

  const node = (n: UnplacedNode): string => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  const edge = (source: string, target: string, extra: Partial<TopoEdge> = {}): void => {
    const id = `${source}->${target}`;
    if (!edges.has(id)) edges.set(id, { id, source, target, ...extra });
  };

  node({
    id: NODE_IDS.client,
    kind: 'client',
    label: 'Client',
    details: [['What', 'The one who sends the request, from outside the cluster.']],
  });
  node({
    id: NODE_IDS.dns,
    kind: 'dns',
    label: 'DNS',
    sublabel: `${cluster.dns.length} name${cluster.dns.length === 1 ? '' : 's'}`,
    details: cluster.dns.map((r) => [r.name, `${r.address} (${r.controller})`] as const),
  });
  edge(NODE_IDS.client, NODE_IDS.dns);

  for (const controller of cluster.controllers) {
    const family = familyName(controller.family);
    const assumed = controller.assumed;
    const lb = node({
      id: NODE_IDS.lb(controller),
      kind: 'lb',
      label: 'Load balancer',
      sublabel: `${controller.address} ${controller.ports.map((p) => `:${p.port}`).join(' ')}`,
      ...(assumed || controller.addressSource.assumed ? { assumed: true } : {}),
      ...sourceOf(controller.addressSource),
      details: [
        ['Address', controller.address],
        ['Ports', controller.ports.map((p) => `${p.port} → ${p.protocol}`).join(', ')],
        ['externalTrafficPolicy', controller.externalTrafficPolicy],
        ['Forwards to', `${controller.replicas.length} replica(s) of ${family}`],
      ],
    });
    // The client asks DNS for the address, then connects to the load balancer.
    edge(NODE_IDS.client, lb, assumed ? { assumed: true } : {});

    const replicaIds = controller.replicas.map((name, i) =>
      node({
        id: NODE_IDS.replica(controller, name),
        kind: 'replica',
        label: family,
        sublabel: `${i + 1}/${controller.replicas.length} ${name}`,
        ...(assumed ? { assumed: true } : {}),
        ...sourceOf(controller.source),
        details: [
          ['Pod', name],
          ['Controller', controller.id],
          ['Class', controller.classNames.join(', ') || '(none)'],
          ['Serves', controller.summary],
          [
            'Listeners',
            controller.listeners.map((l) => `${l.name} ${l.protocol}:${l.port}`).join(', '),
          ],
          ...controller.ignored.map(
            (x) => ['Ignored', `${x.resource.kind} ${x.resource.meta.name}: ${x.reason}`] as const,
          ),
          ...controller.assumptions.map((a) => ['Assumed', a] as const),
        ],
      }),
    );
    for (const r of replicaIds) edge(lb, r, assumed ? { assumed: true } : {});

    // One node per distinct route table: ingress-nginx serves the same table on :80 and :443.
    const { tables, listeners: byTable } = routeTables(controller);
    tables.forEach(({ table, node: listenerNode, prefix }, t) => {
      const listeners = byTable[t] ?? [];
      const first = listeners[0];
      let parents = replicaIds;
      if (listenerNode !== null) {
        const ports = listeners.map((l) => `:${l.port}`).join(' ');
        const hostname = first?.hostname;
        const listenerId = node({
          id: listenerNode,
          kind: 'listener',
          label: listeners.map((l) => l.name).join(', '),
          sublabel: `${ports}${hostname ? ` ${hostname}` : ''}`,
          ...(first ? sourceOf(first.source) : {}),
          details: [
            ['Controller', controller.id],
            ['Listeners', listeners.map((l) => `${l.name} ${l.protocol}:${l.port}`).join(', ')],
            ...(hostname ? [['Hostname', hostname] as const] : []),
            ['Hosts', String(table.virtualHosts.length)],
          ],
        });
        for (const r of replicaIds) edge(r, listenerId, assumed ? { assumed: true } : {});
        parents = [listenerId];
      }
      for (const vhost of table.virtualHosts) addHost(parents, prefix, vhost, false);
      addHost(parents, prefix, table.fallback, true);
    });

    function addHost(
      parents: readonly string[],
      prefix: string,
      vhost: VirtualHost,
      fallback: boolean,
    ): void {
      const onlyDefault =
        fallback &&
        vhost.routes.every((r) => r.action.kind === 'forward' && r.action.isDefaultBackend);
      const hostId = NODE_IDS.host(prefix, vhost);
      const firstSource = vhost.sources[0];
      node({
        id: hostId,
        kind: 'host',
        // The fallback of a family that routes by rule (Traefik) holds real routes: any host.
        label: vhost.hostname ?? (fallback && onlyDefault ? 'any other host' : 'any host'),
        sublabel: vhost.tls
          ? `TLS ${vhost.tls.secret ?? 'default certificate'}`
          : `${vhost.routes.length} route${vhost.routes.length === 1 ? '' : 's'}`,
        ...(firstSource ? sourceOf(firstSource) : {}),
        details: [
          ['Host', vhost.hostname ?? '(catch-all)'],
          [
            'TLS',
            vhost.tls
              ? (vhost.tls.secret ?? `default certificate: ${vhost.tls.defaultReason ?? ''}`)
              : 'none',
          ],
          ['Routes', String(vhost.routes.length)],
          ...(vhost.regexMode ? [['Regex mode', 'on for the whole host'] as const] : []),
        ],
      });
      for (const p of parents) edge(p, hostId);
      for (const route of vhost.routes)
        addRoute(hostId, NODE_IDS.route(prefix, vhost, route), route, onlyDefault);
    }

    function addRoute(
      hostId: string,
      routeId: string,
      route: Route,
      defaultBackend: boolean,
    ): void {
      const action = route.action;
      const isDefault = action.kind === 'forward' && action.isDefaultBackend === true;
      node({
        id: routeId,
        kind: action.kind === 'respond' || isDefault ? 'respond' : 'route',
        label: route.label,
        ...(route.written && route.written !== route.label ? { sublabel: route.written } : {}),
        ...(isDefault || defaultBackend ? { sublabel: 'default backend: 404' } : {}),
        ...(action.kind === 'respond' ? { warning: `answers ${action.status}` } : {}),
        ...sourceOf(route.source),
        details: routeDetails(route),
      });
      edge(hostId, routeId);
      if (action.kind !== 'forward' || isDefault) return;
      const total = action.backends.reduce((sum, b) => sum + b.weight, 0);
      for (const b of action.backends) {
        const label =
          action.backends.length > 1 && total > 0
            ? `${Math.round((b.weight / total) * 100)}%`
            : undefined;
        addService(routeId, b.namespace, b.service, b.port, label);
      }
      for (const alt of action.alternatives) {
        const how = alt.byHeader
          ? `canary: header ${alt.byHeader.name}`
          : alt.byCookie
            ? `canary: cookie ${alt.byCookie}`
            : `canary ${Math.round((alt.weight / Math.max(1, alt.weightTotal)) * 100)}%`;
        addService(routeId, alt.namespace, alt.service, alt.port, how);
      }
      for (const m of action.mirrors ?? []) {
        addService(routeId, m.namespace, m.service, m.port, `mirror ${m.percent}%`);
      }
    }
  }

  function addService(
    routeId: string,
    namespace: string,
    name: string,
    port: { number?: number; name?: string },
    label: string | undefined,
  ): void {
    const resolution = cluster.resolveService(namespace, name, port);
    const id = NODE_IDS.service(namespace, name);
    const svc = resolution.service;
    const ready = resolution.endpoints.filter((e) => e.ready).length;
    node({
      id,
      kind: 'service',
      label: `${name}`,
      sublabel: `${namespace} · ${ready}/${resolution.endpoints.length} ready`,
      ...(resolution.assumed ? { assumed: true } : {}),
      ...(resolution.problem ? { warning: resolution.problem } : {}),
      ...(svc ? sourceOf(svc.source) : {}),
      details: [
        ['Service', `${namespace}/${name}`],
        ['Type', svc?.type ?? '(assumed)'],
        [
          'Selector',
          svc?.selector
            ? Object.entries(svc.selector)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')
            : '(none)',
        ],
        [
          'Ports',
          svc ? svc.ports.map((p) => `${p.port}→${String(p.targetPort)}`).join(', ') : '(assumed)',
        ],
        ...(resolution.problem ? [['Problem', resolution.problem] as const] : []),
      ],
    });
    edge(routeId, id, {
      ...(label ? { label } : {}),
      ...(resolution.assumed ? { assumed: true } : {}),
    });
    for (const ep of resolution.endpoints) {
      const pod = cluster.pods.find((p) => p.name === ep.pod);
      const podId = NODE_IDS.pod(ep.pod);
      node({
        id: podId,
        kind: 'pod',
        label: ep.pod,
        sublabel: `${ep.ip}:${ep.port}`,
        ...(ep.assumed || resolution.assumedPods || pod?.assumed ? { assumed: true } : {}),
        ...(!ep.ready
          ? { warning: 'not ready' }
          : !ep.listening
            ? { warning: 'nothing listens on this port' }
            : {}),
        ...(pod ? sourceOf(pod.source) : {}),
        details: [
          ['Pod', ep.pod],
          ['Address', `${ep.ip}:${ep.port}`],
          ['Ready', ep.ready ? 'yes' : 'no'],
          ['Listening', ep.listening ? 'yes' : 'no: no container declares this port'],
          ...(pod
            ? [
                [
                  'Labels',
                  Object.entries(pod.labels)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', '),
                ] as const,
              ]
            : []),
        ],
      });
      edge(id, podId, ep.assumed ? { assumed: true } : {});
    }
  }

  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

function sourceOf(source: SourceRef): { source: SourceRef } | Record<string, never> {
  return source.assumed || source.range.startLine <= 0 ? {} : { source };
}

function routeDetails(route: Route): (readonly [string, string])[] {
  const m = route.match;
  const path =
    m.path.kind === 'regex'
      ? `regex ${m.path.pattern}${m.path.caseInsensitive ? ' (case-insensitive)' : ''}`
      : `${m.path.kind} ${m.path.value}`;
  const rows: (readonly [string, string])[] = [
    ['Route', route.label],
    ['Path', path],
  ];
  if (m.method) rows.push(['Method', m.method]);
  for (const h of m.headers) rows.push(['Header', `${h.name} ${h.kind} ${h.value ?? ''}`.trim()]);
  for (const q of m.query) rows.push(['Query', `${q.name} ${q.kind} ${q.value ?? ''}`.trim()]);
  const a = route.action;
  if (a.kind === 'respond') rows.push(['Answers', `${a.status}: ${a.reason}`]);
  else if (a.isDefaultBackend) rows.push(['Backend', "the controller's default backend (404)"]);
  else
    rows.push([
      'Backends',
      a.backends
        .map((b) => `${b.service}:${b.port.number ?? b.port.name ?? '?'} (weight ${b.weight})`)
        .join(', '),
    ]);
  for (const c of route.checks) rows.push(['Check', checkLabel(c)]);
  const p = route.policy;
  rows.push([
    'Timeouts',
    `connect ${p.timeouts.connectMs} ms, read ${p.timeouts.readMs} ms, send ${p.timeouts.sendMs} ms`,
  ]);
  rows.push(['Retries', `${p.retry.tries} tries on ${p.retry.on.join(', ') || 'nothing'}`]);
  rows.push(['Balancing', p.balancing.algorithm]);
  return rows;
}

function checkLabel(c: Route['checks'][number]): string {
  switch (c.kind) {
    case 'bodySize':
      return `body size ≤ ${c.maxBytes} bytes, else ${c.status}`;
    case 'httpsRedirect':
      return `redirect to HTTPS (${c.status})`;
    case 'redirect':
      return `redirect ${c.status} to ${c.location}`;
    case 'appRoot':
      return `app root ${c.target}`;
    case 'corsPreflight':
      return `CORS preflight for ${c.origin}`;
    case 'rateLimit':
      return `rate limit ${c.rate} ${c.unit}, burst ${c.burst}, else ${c.status}`;
    case 'connectionLimit':
      return `at most ${c.max} connections, else ${c.status}`;
    case 'ipAccess':
      return `client address allow ${c.allow.map((x) => x.text).join(', ') || 'any'}${c.deny.length ? `, deny ${c.deny.map((x) => x.text).join(', ')}` : ''}`;
    case 'basicAuth':
      return `basic auth "${c.realm}"`;
    case 'deny':
      return `deny ${c.status}: ${c.reason}`;
    default:
      // Families add checks as they land; name the new ones by their kind until then.
      return (c as { readonly kind: string }).kind;
  }
}

export type { TopoKind };
