/**
 * The controller families the engine models. Each family is a builder (resources →
 * controllers with compiled route tables) plus the behaviours that really differ.
 */
import type { FamilyDefinition } from '../cluster/context.js';
import type { FamilyBehaviour } from '../model/family.js';
import type { FamilyId } from '../model/routeTable.js';
import { contourFamily } from './contour/build.js';
import { gatewayFamily } from './gateway/build.js';
import { nginxFamily } from './nginx/build.js';
import { traefikFamily } from './traefik/build.js';

/**
 * The order families build in. Load-balancer addresses are handed out in this order,
 * and ingress-nginx comes last so that it is assumed only when an Ingress is left that
 * no other controller serves (or the cluster has no controller at all).
 */
export const FAMILY_BUILD_ORDER: readonly FamilyDefinition[] = [
  gatewayFamily,
  contourFamily,
  traefikFamily,
  nginxFamily,
];

const BY_ID = new Map<FamilyId, FamilyBehaviour>(
  FAMILY_BUILD_ORDER.map((f) => [f.id, f.behaviour]),
);

export function familyBehaviour(id: FamilyId): FamilyBehaviour {
  const behaviour = BY_ID.get(id);
  if (!behaviour) throw new Error(`controller family ${id} is not registered`);
  return behaviour;
}
