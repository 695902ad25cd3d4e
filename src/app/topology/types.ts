/**
 * The topology graph as plain data: what the worker computes from a Cluster (which holds
 * functions and cannot cross to the page) and the page draws with React Flow.
 */
import type { SourceRef, StageId } from '../../engine/index.js';

export type TopoKind =
  | 'client'
  | 'dns'
  | 'lb'
  | 'replica'
  | 'listener'
  | 'host'
  | 'route'
  | 'service'
  | 'pod'
  | 'respond';

export interface TopoNode {
  readonly id: string;
  readonly kind: TopoKind;
  readonly label: string;
  /** A second, smaller line: a port, a class, an address. */
  readonly sublabel?: string;
  /** Not in the YAML: the engine assumed it (drawn dashed, labelled "assumed"). */
  readonly assumed?: boolean;
  /** A pod that is not ready, a route that answers by itself. */
  readonly warning?: string;
  /** The YAML it comes from, for "select in the YAML". */
  readonly source?: SourceRef;
  /** Shown in the details panel when the node is clicked. */
  readonly details: readonly (readonly [string, string])[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface TopoEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly assumed?: boolean;
  /** A weight or a condition, e.g. "80%" or "canary by header". */
  readonly label?: string;
}

export interface TopologyView {
  /**
   * Changes when anything the graph shows changes (the page sends it back with each job;
   * the worker sends a view only when its own differs).
   */
  readonly key: string;
  /** Changes when the graph's structure changes (node ids, edges): the page refits then. */
  readonly structure: string;
  /**
   * Changes when a node moves: the structure or a node's size changed. A value edit that
   * changes only text keeps it, so what is drawn by position (the traffic replay) goes on.
   */
  readonly placement: string;
  readonly nodes: readonly TopoNode[];
  readonly edges: readonly TopoEdge[];
  readonly width: number;
  readonly height: number;
}

/** One hop of the animated token: the node it reaches, and the stage that decided it. */
export interface TraceHop {
  readonly node: string;
  readonly stage: StageId | 'client';
  readonly outcome: 'ok' | 'fail';
  /** Which trip: 0 for the request's way in, 1.. for each attempt to a pod. */
  readonly trip: number;
}

export interface TracePath {
  readonly hops: readonly TraceHop[];
}
