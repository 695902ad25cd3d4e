/**
 * How long a change takes to reach each family's proxy, and how it gets there. Facts
 * carry their source; the few durations no project documents are routelab's assumptions
 * and say so.
 */
import type { Controller } from '../model/cluster.js';
import type { FamilyId } from '../model/routeTable.js';
import { INFORMER_MS } from '../sim/world.js';
import { parseNginxTimeMs } from '../util/units.js';

export interface Propagation {
  readonly product: string;
  /** The controller's informer hears of the object (API server watch). */
  readonly watchMs: number;
  /** From the event to the start of the build, for one change after a quiet period. */
  readonly queueMs: number;
  /** The batching rule, in words, with its source. */
  readonly queue: string;
  /** Building the model and rendering the configuration (assumed). */
  readonly buildMs: number;
  /** A change to routes, hosts or listeners. */
  readonly structural: {
    readonly kind: 'reload' | 'push' | 'memory';
    readonly ms: number;
    readonly how: string;
    /** How long connections the old configuration holds may live on. */
    readonly drainMs?: number;
  };
  /** A change to endpoints only (pods scaled, readiness). */
  readonly endpoints: {
    readonly kind: 'dynamic' | 'push' | 'memory';
    readonly ms: number;
    /** The proxy picks endpoints up on this tick (ingress-nginx's Lua workers). */
    readonly syncIntervalMs?: number;
    readonly how: string;
  };
  /** A certificate changed (Secret rotated, TLS added). */
  readonly certificates: {
    readonly kind: 'dynamic' | 'push' | 'memory';
    readonly ms: number;
    readonly how: string;
  };
}

/** The API server validates, admits and stores an object (assumed: a small cluster's etcd write). */
export const API_SERVER_MS = 30;
/**
 * ingress-nginx's validating webhook renders the whole configuration with the new object
 * and runs `nginx -t` on it before the API server stores it ([INX] docs/how-it-works.md
 * "Avoiding outage from wrong configuration"). Its duration is assumed, as a test of a
 * small configuration.
 */
export const NGINX_WEBHOOK_MS = 100;
/**
 * Rendering nginx.conf, `nginx -t` and `nginx -s reload` ([INX] controller/nginx.go
 * OnUpdate). Assumed: controller logs of small clusters show 30–100 ms between
 * "Configuration changes detected, backend reload required" and "Backend successfully
 * reloaded"; it grows with the number of Ingresses.
 */
export const NGINX_RELOAD_MS = 100;
/**
 * ingress-nginx writes `status.loadBalancer` (the ADDRESS column) from a periodic sync
 * every `--status-update-interval` seconds, default 60 ([INX] internal/ingress/status
 * status.go UpdateInterval = 60; pkg/flags/flags.go).
 */
export const NGINX_STATUS_INTERVAL_MS = 60_000;
/** `worker-shutdown-timeout`, default 240s ([INX-CM] config.go NewDefault). */
export const NGINX_WORKER_SHUTDOWN_MS = 240_000;
/** ingress-nginx --sync-rate-limit default 0.3 syncs per second ([INX] pkg/flags/flags.go). */
export const NGINX_SYNC_RATE_PER_S = 0.3;
/** Contour coalesces events: holdoffDelay 100 ms, holdoffMaxDelay 500 ms ([CTR] cmd/contour/serve.go). */
export const CONTOUR_HOLDOFF_MS = 100;
export const CONTOUR_HOLDOFF_MAX_MS = 500;
/** Traefik providers.providersThrottleDuration default 2s ([TRF] pkg/config/static, NewTraefikConfiguration). */
export const TRAEFIK_THROTTLE_MS = 2_000;
/** Envoy --drain-time-s default 600: how long a replaced listener drains ([ENVOY] operations/cli). */
export const ENVOY_DRAIN_MS = 600_000;
/** Building a model and rendering it: assumed for a small cluster. */
const BUILD_MS = 20;
/** An xDS push over the open gRPC stream, applied by Envoy: assumed. */
const XDS_PUSH_MS = 10;

function nginxDrainMs(controller: Controller | undefined): number {
  const v = controller?.configMap?.data['worker-shutdown-timeout'];
  return (v !== undefined ? parseNginxTimeMs(v) : undefined) ?? NGINX_WORKER_SHUTDOWN_MS;
}

export function propagationFor(family: FamilyId, controller?: Controller): Propagation {
  switch (family) {
    case 'nginx': {
      const drainMs = nginxDrainMs(controller);
      return {
        product: 'ingress-nginx',
        watchMs: INFORMER_MS,
        queueMs: 0,
        queue: `Syncs are rate-limited by --sync-rate-limit ${NGINX_SYNC_RATE_PER_S}/s (a token bucket of one): the first change after a quiet period syncs at once, the next waits up to ${Math.round(1000 / NGINX_SYNC_RATE_PER_S)} ms`,
        buildMs: BUILD_MS,
        structural: {
          kind: 'reload',
          ms: NGINX_RELOAD_MS,
          how: `ingress-nginx rebuilds its model, renders nginx.conf, runs nginx -t and reloads nginx: new workers take new connections, old workers finish what they hold for up to worker-shutdown-timeout (${drainMs / 1000} s)`,
          drainMs,
        },
        endpoints: {
          kind: 'dynamic',
          ms: 0,
          syncIntervalMs: 1000,
          how: 'Only endpoints changed, so there is no reload: the controller posts the backends to the Lua balancer (/configuration/backends) and every worker picks them up on its next 1 s sync (balancer.lua BACKENDS_SYNC_INTERVAL = 1)',
        },
        certificates: {
          kind: 'dynamic',
          ms: 0,
          how: 'Certificates are not part of the reload decision (IsDynamicConfigurationEnough clears them): the controller posts them to Lua (/configuration/servers) and the next TLS handshake uses the new one',
        },
      };
    }
    case 'contour':
      return {
        product: 'Contour',
        watchMs: INFORMER_MS,
        queueMs: CONTOUR_HOLDOFF_MS,
        queue: `Contour holds events back ${CONTOUR_HOLDOFF_MS} ms to coalesce them (at most ${CONTOUR_HOLDOFF_MAX_MS} ms)`,
        buildMs: BUILD_MS,
        structural: {
          kind: 'push',
          ms: XDS_PUSH_MS,
          how: 'Contour rebuilds its DAG and pushes the changed route, cluster and listener resources to Envoy over xDS (gRPC); Envoy applies them without a restart, and only a replaced listener drains its connections',
          drainMs: ENVOY_DRAIN_MS,
        },
        endpoints: {
          kind: 'push',
          ms: XDS_PUSH_MS,
          how: "endpoints go to Envoy as EDS without a DAG rebuild (Contour's EndpointSlice translator)",
        },
        certificates: {
          kind: 'push',
          ms: XDS_PUSH_MS,
          how: 'The certificate reaches Envoy as an SDS secret; new handshakes use it',
        },
      };
    case 'envoy-gateway':
      return {
        product: 'Envoy Gateway',
        watchMs: INFORMER_MS,
        queueMs: 0,
        queue: 'Envoy Gateway translates on each event',
        buildMs: BUILD_MS * 2,
        structural: {
          kind: 'push',
          ms: XDS_PUSH_MS,
          how: 'Envoy Gateway translates Gateway API resources to its intermediate form and then to xDS, and pushes it to Envoy, which applies it without a restart',
          drainMs: ENVOY_DRAIN_MS,
        },
        endpoints: {
          kind: 'push',
          ms: XDS_PUSH_MS,
          how: 'Endpoint changes are translated again and pushed to Envoy as EDS',
        },
        certificates: {
          kind: 'push',
          ms: XDS_PUSH_MS,
          how: 'The certificate reaches Envoy as an SDS secret; new handshakes use it',
        },
      };
    case 'traefik':
      return {
        product: 'Traefik',
        watchMs: INFORMER_MS,
        queueMs: 0,
        queue: `Traefik takes a new configuration at once after a quiet period, then ignores further ones for providersThrottleDuration (${TRAEFIK_THROTTLE_MS / 1000} s) and applies the latest`,
        buildMs: BUILD_MS,
        structural: {
          kind: 'memory',
          ms: 0,
          how: 'Traefik builds new routers and services in memory and swaps them in: no process reload, kept-alive connections stay',
        },
        endpoints: {
          kind: 'memory',
          ms: 0,
          how: 'the Kubernetes provider puts the endpoints in the dynamic configuration, so an endpoint change is a new configuration, swapped in like any other',
        },
        certificates: {
          kind: 'memory',
          ms: 0,
          how: 'The certificate is part of the dynamic configuration; new handshakes use it',
        },
      };
  }
}
