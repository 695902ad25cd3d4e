import type { FamilyBehaviour } from '../model/family.js';
import type { FamilyId } from '../model/routeTable.js';
import { nginxBehaviour } from './nginx/behaviour.js';

const FAMILIES: Readonly<Record<FamilyId, FamilyBehaviour>> = { nginx: nginxBehaviour };

export function familyBehaviour(id: FamilyId): FamilyBehaviour {
  return FAMILIES[id];
}
