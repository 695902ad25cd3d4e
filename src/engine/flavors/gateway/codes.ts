/**
 * Diagnostic codes of the Gateway API family (RL6xx). RL601–RL603 are the readers'
 * (manifest/kinds/gateway.ts: a value, a required field, a limit the CRD enforces); the
 * rest are what a controller reports in status, each named after the condition and
 * reason Envoy Gateway would set ([GW] apis/v1/shared_types.go, gateway_types.go).
 *
 *   RL610  GatewayClass names a controller routelab does not model: its Gateways are not served
 *   RL611  Gateway's GatewayClass is not in the YAML: Envoy Gateway is assumed (info)
 *   RL612  Listener protocol or TLS mode routelab does not route (TLS, TCP, UDP, Passthrough)
 *   RL613  Listener Conflicted (HostnameConflict / ProtocolConflict): not programmed
 *   RL614  Listener ResolvedRefs=False (InvalidCertificateRef, RefNotPermitted): no TLS
 *   RL615  ListenerSet not attached to its Gateway (NotAllowed, parent not found)
 *   RL620  parentRef names a Gateway or ListenerSet that is not in the YAML
 *   RL621  Route Accepted=False, NoMatchingParent (sectionName or port matches no listener)
 *   RL622  Route Accepted=False, NotAllowedByListeners (allowedRoutes: namespace or kind)
 *   RL623  Route Accepted=False, NoMatchingListenerHostname
 *   RL624  Route Accepted=False or PartiallyInvalid, UnsupportedValue (a regex Envoy refuses, ...)
 *   RL625  Filter Envoy Gateway cannot apply (ExtensionRef, ExternalAuth): the rule answers 500
 *   RL630  ResolvedRefs=False, RefNotPermitted (cross-namespace reference without a ReferenceGrant)
 *   RL631  ResolvedRefs=False, InvalidKind (a backend kind Envoy Gateway cannot route to)
 *   RL632  ResolvedRefs=False, BackendNotFound (the Service is not in the YAML, or lacks the port)
 *   RL634  A rule without a usable backend: every request it matches gets 500
 */
export const GW = {
  classNotModelled: 'RL610',
  classAssumed: 'RL611',
  listenerUnsupported: 'RL612',
  listenerConflicted: 'RL613',
  listenerRefs: 'RL614',
  listenerSetNotAttached: 'RL615',
  parentNotFound: 'RL620',
  noMatchingParent: 'RL621',
  notAllowedByListeners: 'RL622',
  noMatchingListenerHostname: 'RL623',
  unsupportedValue: 'RL624',
  unsupportedFilter: 'RL625',
  refNotPermitted: 'RL630',
  invalidKind: 'RL631',
  backendNotFound: 'RL632',
  noUsableBackend: 'RL634',
} as const;
