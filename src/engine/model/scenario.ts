/**
 * The Scenario document (routelab.dev/v1alpha1): what cluster YAML cannot say. How pods
 * behave, the traffic, faults over time, the network, and the seed. Every field has a
 * default, so a lone Ingress simulates as pods answering in about 20 ms with no errors.
 */
import type { SourceRef } from './source.js';

/** Milliseconds, as every duration inside the engine. */
export type Ms = number;

export type LatencyModel =
  | { readonly kind: 'fixed'; readonly ms: Ms }
  /** Log-normal fitted to the median and the 99th percentile. */
  | { readonly kind: 'percentiles'; readonly p50: Ms; readonly p99: Ms };

export type PodBehaviour = 'normal' | 'refuse' | 'hang' | 'reset' | 'slowStart';

export interface ReadinessChange {
  readonly atMs: Ms;
  readonly ready: boolean;
}

export interface BackendBehaviour {
  /** namespace/name of a Service, or of one pod when `pod` is set. */
  readonly service?: string;
  readonly pod?: string;
  readonly latency: LatencyModel;
  readonly errorRate: number;
  readonly errorStatus: number;
  readonly behaviour: PodBehaviour;
  /** How long the pod keeps an idle upstream connection open (Node's default is 5 s). */
  readonly keepAliveTimeoutMs: Ms;
  readonly readiness: readonly ReadinessChange[];
  readonly source: SourceRef;
}

export type TrafficPattern = 'constant' | 'burst' | 'ramp' | 'poisson';

export interface TrafficSpec {
  readonly url: string;
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly bodyBytes: number;
  /** Requests per second (over all clients). */
  readonly ratePerSec: number;
  readonly clients: number;
  readonly pattern: TrafficPattern;
  readonly startMs: Ms;
  /** undefined: until the scenario ends. */
  readonly durationMs?: Ms;
  readonly source: SourceRef;
}

export type FaultKind =
  | 'podCrash'
  | 'podNotReady'
  | 'podReady'
  | 'podBack'
  | 'controllerReload'
  | 'replicaLost'
  | 'dnsChange'
  | 'healthCheckFailing';

export interface Fault {
  readonly atMs: Ms;
  readonly kind: FaultKind;
  /** A pod name or a Service (ns/name) for pod faults; a replica name for replicaLost. */
  readonly target?: string;
  /** dnsChange: the new address for `target` (a host name), or undefined for NXDOMAIN. */
  readonly address?: string;
  readonly source: SourceRef;
}

export interface NetworkSpec {
  readonly clientRttMs: Ms;
  readonly podRttMs: Ms;
  /** Round trips of the client's TLS handshake: 1 for TLS 1.3, 2 for TLS 1.2. */
  readonly tlsRoundTrips: number;
  /** Idle timeout of the cloud load balancer (AWS ALB: 60 s). */
  readonly loadBalancerIdleTimeoutMs: Ms;
}

export interface Scenario {
  readonly name: string;
  readonly seed: number;
  readonly durationMs: Ms;
  readonly network: NetworkSpec;
  readonly backends: readonly BackendBehaviour[];
  readonly traffic: readonly TrafficSpec[];
  readonly faults: readonly Fault[];
  readonly source: SourceRef;
}

export const DEFAULT_NETWORK: NetworkSpec = {
  clientRttMs: 30,
  podRttMs: 1,
  tlsRoundTrips: 1,
  loadBalancerIdleTimeoutMs: 60_000,
};

export const DEFAULT_LATENCY: LatencyModel = { kind: 'percentiles', p50: 20, p99: 60 };
