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
  const peerAddress = local ? req.clientIp : NODE_ADDRESS;
  const how = local
    ? `externalTrafficPolicy: Local keeps the client's address, so the controller sees ${req.clientIp}.`
    : `externalTrafficPolicy: Cluster lets the node forward to a controller pod on another node with SNAT, so the controller sees the node's address ${NODE_ADDRESS}, not ${req.clientIp}: allowlists and rate limits then apply to the node.`;
  const tls = port.tlsAtLoadBalancer
    ? ' The load balancer terminates TLS itself and forwards plain HTTP to the controller.'
    : '';
  t.controller = controller.id;
  t.stage(
    'l4lb',
    'ok',
    `${address}:${req.port} → ${replica} (${port.protocol}${port.tlsAtLoadBalancer ? ', TLS ended at the LB' : ''})`,
    `The cloud load balancer ${address} forwards port ${req.port} to the ${port.protocol.toUpperCase()} listener of controller replica ${replica}.${tls} ${how}`,
    {
      sources: [port.source],
      durationMs: timings.clientRttMs,
      assumptions: controller.assumptions,
    },
  );
  return { controller, port, listeners, replica, peerAddress };
}
