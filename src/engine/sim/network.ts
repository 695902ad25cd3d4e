/**
 * Timings for a traced request: the Scenario's network when there is one, else round
 * trips of 30 ms to the client and 1 ms inside the cluster, and a TLS 1.3 handshake.
 */
import type { Scenario } from '../model/scenario.js';
import { DEFAULT_NETWORK } from '../model/scenario.js';

export interface NetworkTimings {
  readonly clientRttMs: number;
  readonly podRttMs: number;
  readonly dnsLookupMs: number;
  readonly tlsRoundTrips: number;
  readonly proxyProcessingMs: number;
}

export const DEFAULT_TIMINGS: NetworkTimings = {
  clientRttMs: DEFAULT_NETWORK.clientRttMs,
  podRttMs: DEFAULT_NETWORK.podRttMs,
  dnsLookupMs: 12,
  tlsRoundTrips: DEFAULT_NETWORK.tlsRoundTrips,
  proxyProcessingMs: 0.3,
};

export function timingsFor(scenario: Scenario | undefined): NetworkTimings {
  if (!scenario) return DEFAULT_TIMINGS;
  const n = scenario.network;
  return {
    ...DEFAULT_TIMINGS,
    clientRttMs: n.clientRttMs,
    podRttMs: n.podRttMs,
    tlsRoundTrips: n.tlsRoundTrips,
  };
}
