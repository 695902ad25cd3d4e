/**
 * Envoy Gateway's behaviours: the Envoy data plane (flavors/envoy), with routes in
 * Gateway API precedence order, listener-wide certificates (a Gateway listener names its
 * certificates; there is no per-host certificate and no default one), and endpoint
 * changes pushed over EDS.
 */
import type { FamilyBehaviour } from '../../model/family.js';
import { envoyBehaviour } from '../envoy/behaviour.js';
import { selectFirstMatch } from '../envoy/select.js';
import { whyFirst } from './precedence.js';
import { noRouteFor, rankOf } from './table.js';

export const gatewayBehaviour: FamilyBehaviour = envoyBehaviour({
  product: 'Envoy Gateway',
  selectRoute: (vhost, input) =>
    selectFirstMatch(vhost, input, {
      noRoute: noRouteFor,
      whyLater: (winner, loser) => {
        const w = rankOf(vhost, winner);
        const l = rankOf(vhost, loser);
        return w && l ? whyFirst(w, l) : 'an earlier route in the list matched first';
      },
    }),
  // Certificates are bound to listeners (Listener.tls), chosen by SNI in the TLS stage.
  selectCertificate: () => undefined,
  defaultCertificateName: 'none (Envoy Gateway serves only the certificates a listener names)',
  // Endpoint changes reach Envoy over EDS as soon as the controller sees the
  // EndpointSlice; routelab does not model the watch and push latency.
  endpointSyncMs: 0,
});
