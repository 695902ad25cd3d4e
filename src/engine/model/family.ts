/**
 * What really differs between controller families, behind one interface: how a host
 * and a route are chosen, which certificate is served, the status codes and log lines
 * for failures, and the headers the pod receives. The data-plane stages call only this.
 */
import type { RetryRules } from '../sim/attempts.js';
import type { Candidate } from './trace.js';
import type { Route, RouteTable, VirtualHost } from './routeTable.js';

export type HostChoice = {
  readonly vhost: VirtualHost;
  readonly how: 'exact' | 'wildcard' | 'catch-all';
};

export type RouteChoice =
  | {
      readonly kind: 'route';
      readonly route: Route;
      readonly candidates: readonly Candidate[];
      readonly regexError?: string;
    }
  | {
      readonly kind: 'slashRedirect';
      readonly route: Route;
      readonly location: string;
      readonly candidates: readonly Candidate[];
    };

export interface ForwardingContext {
  readonly route: Route;
  /** Address the proxy sees the connection from (after the load balancer). */
  readonly peerAddress: string;
  readonly scheme: 'http' | 'https';
  readonly serverPort: number;
  readonly requestHeaders: readonly (readonly [string, string])[];
  readonly hostHeader: string;
  readonly requestUri: string;
  readonly requestId: string;
}

export interface ForwardingResult {
  /** The client address the proxy believes (after real-IP processing): allowlists and rate limits use it. */
  readonly clientAddress: string;
  /** The scheme the proxy believes (X-Forwarded-Proto when trusted). */
  readonly effectiveScheme: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

export interface FamilyBehaviour {
  readonly product: string;
  selectHost(table: RouteTable, host: string): HostChoice;
  selectRoute(vhost: VirtualHost, path: string): RouteChoice;
  /** The virtual host whose certificate answers this SNI name, if any. */
  selectCertificate(table: RouteTable, sni: string | undefined): VirtualHost | undefined;
  readonly defaultCertificateName: string;
  /** Real-IP handling and the X-Forwarded-* headers the pod receives. */
  forward(ctx: ForwardingContext): ForwardingResult;
  readonly status: {
    readonly noEndpoints: number;
    readonly connectFailure: number;
    readonly timeout: number;
    readonly plainHttpToTlsPort: number;
  };
  readonly retry: RetryRules;
  /** How long an endpoint change takes to reach the proxy's balancer. */
  readonly endpointSyncMs: number;
  readonly log: {
    noEndpoints(service: string): string;
    refused(podAddress: string, upstream: string): string;
  };
}
