/** Stage 2: the cloud L4 load balancer takes the TCP connection to a controller replica. */
import type { Cluster, Controller, Listener, LoadBalancerPort } from '../model/cluster.js';
import type { WireRequest } from '../model/request.js';
import type { Random } from '../util/random.js';
import type { NetworkTimings } from '../sim/network.js';
import type { TraceBuilder } from './builder.js';
import { listenersOn } from './listeners.js';

export interface Connection {
  readonly controller: Controller;
  readonly port: LoadBalancerPort;
  /** The controller's listeners on that port (one for ingress-nginx; one per hostname for a Gateway). */
  readonly listeners: readonly Listener[];
  readonly replica: string;
  /** The source address the controller sees. */
  readonly peerAddress: string;
  /** Headers a layer-7 load balancer added on the way (X-Forwarded-*). */
  readonly addedHeaders: readonly (readonly [string, string])[];
}

/** Where an AWS classic ELB's own connections to the nodes come from (its private address). */
export const ELB_ADDRESS = '10.0.0.5';

/**
 * A classic ELB HTTP/HTTPS listener appends the client to X-Forwarded-For and sets
 * X-Forwarded-Proto and X-Forwarded-Port to how the client reached it (AWS, "HTTP headers
 * and Classic Load Balancers").
 */
function elbHeaders(req: WireRequest): [string, string][] {
  const xff = req.headers.find(([k]) => k.toLowerCase() === 'x-forwarded-for')?.[1];
  return [
    ['X-Forwarded-For', xff ? `${xff}, ${req.clientIp}` : req.clientIp],
    ['X-Forwarded-Proto', req.scheme],
    ['X-Forwarded-Port', String(req.port)],
  ];
}

/** The request as it leaves the load balancer: its X-Forwarded-* replace the client's. */
export function withLoadBalancerHeaders(req: WireRequest, conn: Connection): WireRequest {
  if (conn.addedHeaders.length === 0) return req;
  const replaced = new Set(conn.addedHeaders.map(([k]) => k.toLowerCase()));
  return {
    ...req,
    headers: [...req.headers.filter(([k]) => !replaced.has(k.toLowerCase())), ...conn.addedHeaders],
  };
}

/** The node address a Service with externalTrafficPolicy: Cluster SNATs to. */
export const NODE_ADDRESS = '10.0.1.17';

export function l4lbStage(
  t: TraceBuilder,
  cluster: Cluster,
  address: string,
  req: WireRequest,
  rng: Random,
  timings: NetworkTimings,
): Connection | undefined {
  const controller = cluster.controllers.find((c) => c.address === address);
  if (!controller) {
    t.stage(
      'l4lb',
      'fail',
      `nothing answers at ${address}`,
      `No load balancer in this cluster has the address ${address}, so the connection times out. Check that DNS (or --resolve) points at the controller's load balancer${cluster.controllers.length > 0 ? `: ${cluster.controllers.map((c) => c.address).join(', ')}` : ''}.`,
      {
        durationMs: 0,
        log: `curl: (28) Failed to connect to ${address} port ${req.port}: Connection timed out`,
      },
    );
    return undefined;
  }
  const port = controller.ports.find((p) => p.port === req.port);
  const listeners = listenersOn(controller, req.port);
  if (!port || listeners.length === 0) {
    t.stage(
      'l4lb',
      'fail',
      `${address}:${req.port} refused`,
      `The load balancer ${address} forwards only port(s) ${controller.ports.map((p) => p.port).join(', ')}; port ${req.port} is closed.`,
      {
        sources: [controller.addressSource],
        durationMs: timings.clientRttMs,
        log: `curl: (7) Failed to connect to ${address} port ${req.port}: Connection refused`,
      },
    );
    return undefined;
  }
  const replica =
    controller.replicas[rng.below(controller.replicas.length)] ??
    controller.replicas[0] ??
    'controller';
  const local = controller.externalTrafficPolicy === 'Local';
  const l7 = port.addsForwardedHeaders === true;
  // An HTTP listener opens its own connection to the node: the client's address survives
  // only in X-Forwarded-For.
  const source = l7 ? ELB_ADDRESS : req.clientIp;
  const peerAddress = local ? source : NODE_ADDRESS;
  const how = local
    ? `externalTrafficPolicy: Local keeps the source address, so the controller sees ${source}.`
    : `externalTrafficPolicy: Cluster lets the node forward to a controller pod on another node with SNAT, so the controller sees the node's address ${NODE_ADDRESS}, not ${req.clientIp}: allowlists and rate limits then apply to the node.`;
  const addedHeaders = l7 ? elbHeaders(req) : [];
  const l7Note = l7
    ? ` It is an HTTP listener (aws-load-balancer-backend-protocol): it opens its own connection from ${ELB_ADDRESS} and adds ${addedHeaders.map(([k, v]) => `${k}: ${v}`).join(', ')}; the controller must trust these headers (use-forwarded-headers) to see the client.`
    : '';
  const tls = port.tlsAtLoadBalancer
    ? ' The load balancer terminates TLS itself and forwards plain HTTP to the controller.'
    : '';
  t.controller = controller.id;
  t.stage(
    'l4lb',
    'ok',
    `${address}:${req.port} → ${replica} (${port.protocol}${port.tlsAtLoadBalancer ? ', TLS ended at the LB' : ''})`,
    `The cloud load balancer ${address} forwards port ${req.port} to the ${port.protocol.toUpperCase()} listener of controller replica ${replica}.${tls}${l7Note} ${how}`,
    {
      sources: [port.source],
      durationMs: timings.clientRttMs,
      assumptions: controller.assumptions,
    },
  );
  return { controller, port, listeners, replica, peerAddress, addedHeaders };
}
