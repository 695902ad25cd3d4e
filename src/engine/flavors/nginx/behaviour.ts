import type { FamilyBehaviour } from '../../model/family.js';
import { FAKE_CERTIFICATE } from './certificates.js';
import { nginxForward } from './forwarding.js';
import { nginxRetryRules } from './retry.js';
import { selectCertificateHost, selectLocation, selectServer } from './select.js';

/** ingress-nginx's answers ([INX] balancer.lua, [NGX] ngx_http_upstream.c; semantics.md B4). */
export const nginxBehaviour: FamilyBehaviour = {
  product: 'ingress-nginx',
  selectHost: selectServer,
  selectRoute: selectLocation,
  selectCertificate: selectCertificateHost,
  defaultCertificateName: FAKE_CERTIFICATE.subject,
  forward: nginxForward,
  status: { noEndpoints: 503, connectFailure: 502, timeout: 504, plainHttpToTlsPort: 400 },
  retry: nginxRetryRules,
  // Endpoints reach the Lua balancer without a reload; workers resync every second
  // ([INX] docs/how-it-works.md, balancer.lua BACKENDS_SYNC_INTERVAL = 1).
  endpointSyncMs: 1000,
  log: {
    noEndpoints: (service) =>
      `[error] balancer.lua: no endpoints for upstream ${service}; returning 503 Service Temporarily Unavailable`,
    refused: (pod, upstream) =>
      `[error] connect() failed (111: Connection refused) while connecting to upstream, upstream: "http://${pod}${upstream}"`,
  },
};
