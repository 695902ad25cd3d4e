/**
 * Which proxy serves an Ingress, so that a diagnostic says what that proxy does (its
 * default certificate, its status for a Service without endpoints) instead of assuming
 * ingress-nginx. An Ingress nobody serves is worded for the first controller, the one
 * it would most likely be meant for.
 */
import type { Cluster } from '../model/cluster.js';
import type { FamilyBehaviour } from '../model/family.js';
import type { Resource } from '../model/resources.js';
import { familyBehaviour } from '../flavors/index.js';

export function servingBehaviour(cluster: Cluster, resource: Resource): FamilyBehaviour {
  const controller =
    cluster.controllers.find((c) => c.claimed.includes(resource)) ?? cluster.controllers[0];
  return familyBehaviour(controller?.family ?? 'nginx');
}
