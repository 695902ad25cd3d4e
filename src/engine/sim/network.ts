/**
 * Nominal timings for a single traced request, until a Scenario says otherwise:
 * round trips on the client side and inside the cluster, a DNS lookup, a TLS 1.3
 * handshake (one round trip), and a pod that answers in about 20 ms.
 */
export interface NetworkTimings {
  readonly clientRttMs: number;
  readonly podRttMs: number;
  readonly dnsLookupMs: number;
  readonly tlsRoundTrips: number;
  readonly proxyProcessingMs: number;
  readonly podResponseMs: number;
}

export const DEFAULT_TIMINGS: NetworkTimings = {
  clientRttMs: 30,
  podRttMs: 1,
  dnsLookupMs: 12,
  tlsRoundTrips: 1,
  proxyProcessingMs: 0.3,
  podResponseMs: 20,
};
