/**
 * What a controller family gets to build its controllers from: the cluster as read so
 * far (pods, Services, certificates, IngressClass defaulting) and where to report.
 * Each family (src/engine/flavors/<family>/build.ts) turns it into Controllers.
 */
import type { CertificateSummary, Controller, PodInfo } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { FamilyBehaviour } from '../model/family.js';
import type { Ingress, Resource, Secret } from '../model/resources.js';
import type { SourceRef } from '../model/source.js';
import type { FamilyId } from '../model/routeTable.js';
import type { ClassDefaulting } from './classes.js';
import type { ServiceIndex } from './services.js';

export interface FamilyBuildContext {
  readonly resources: readonly Resource[];
  readonly pods: readonly PodInfo[];
  readonly certificates: ReadonlyMap<string, CertificateSummary>;
  /** Secrets by `namespace/name`. */
  readonly secrets: ReadonlyMap<string, Secret>;
  readonly services: ServiceIndex;
  /** Which IngressClass the API server gives an Ingress without one. */
  readonly classDefaulting: ClassDefaulting;
  readonly diagnostics: Diagnostic[];
  readonly strict: boolean;
  /** Ingresses a family that ran earlier already serves. */
  readonly claimedIngresses: ReadonlySet<Ingress>;
  /** Controllers the families that ran earlier built. */
  readonly controllersSoFar: readonly Controller[];
  /** The next unused load-balancer address (203.0.113.10, .11, ...), in a stable order. */
  allocateAddress(): string;
}

export interface FamilyDefinition {
  readonly id: FamilyId;
  readonly behaviour: FamilyBehaviour;
  build(ctx: FamilyBuildContext): Controller[];
}

/** Where a controller's proxy pods come from: its Deployment (or the one routelab assumes). */
export interface ProxyWorkload {
  readonly namespace: string;
  readonly name: string;
  /** The Deployment's source: pods built from it carry the same object. */
  readonly source: SourceRef;
  readonly replicas: number;
}

/**
 * The names of a controller's replicas: the pods of its Deployment that the cluster has, else
 * `<name>-assumed-0 … n-1` for the replicas it asks for (at least one).
 */
export function replicaNames(pods: readonly PodInfo[], workload: ProxyWorkload): string[] {
  const found = pods
    .filter((p) => p.namespace === workload.namespace && p.source === workload.source)
    .map((p) => p.name);
  if (found.length > 0) return found;
  return Array.from(
    { length: Math.max(1, workload.replicas) },
    (_, i) => `${workload.name}-assumed-${i}`,
  );
}
