/**
 * Workshop exercises (`kind: Exercise`, routelab.dev/v1alpha1): a story, a broken or
 * incomplete setup, goals the engine checks, hints, a solution and an explanation. What
 * `gradeExercise` returns is here too.
 */
import type { Diagnostic } from './diagnostics.js';
import type { RequestSpec } from './request.js';
import type { ExpectationCheck, RequestExpectation } from './routeTest.js';
import type { SourceRef } from './source.js';

export type Difficulty = 'beginner' | 'intermediate' | 'advanced';

export const DIFFICULTIES: readonly Difficulty[] = ['beginner', 'intermediate', 'advanced'];

/** Manifests as YAML text: embedded as a block, or written as a list of documents. */
export interface ExerciseManifests {
  readonly text: string;
  /** The line of the exercise file where `text` starts, when it is embedded as text. */
  readonly firstLine?: number;
  readonly source: SourceRef;
}

/** What a simulation goal measures. */
export type SimulationMetric =
  /** Share of requests that end in a 5xx or with no response, 0–1. */
  | 'errorRate'
  /** Latency over all requests, ms. */
  | 'p50'
  | 'p95'
  | 'p99'
  | 'max'
  /** Tries sent again after a failed one. */
  | 'retries'
  /** Requests a rate limit refused. */
  | 'rateLimited'
  /** New TCP connections the proxies opened to pods (no keep-alive: one per request). */
  | 'upstreamConnections'
  /** Share of requests answered with `status`, 0–1. */
  | 'statusShare'
  /** Share of requests a pod of `service` (namespace/name) answered, 0–1. */
  | 'serviceShare';

export interface SimulationThreshold {
  readonly metric: SimulationMetric;
  /** statusShare: the status ("503"), or "error" for no response. */
  readonly status?: string;
  /** serviceShare: namespace/name. */
  readonly service?: string;
  readonly min?: number;
  readonly max?: number;
  readonly source: SourceRef;
}

interface GoalBase {
  readonly id: string;
  /** What the learner should achieve, in words. */
  readonly title: string;
  readonly source: SourceRef;
}

export type ExerciseGoal =
  | (GoalBase & {
      readonly kind: 'request';
      readonly request: RequestSpec;
      readonly expect: RequestExpectation;
    })
  | (GoalBase & {
      readonly kind: 'diagnostic';
      readonly code: string;
      /** true: lint must report it; false: it must be gone. */
      readonly present: boolean;
      /** Only diagnostics about this resource: Kind/namespace/name, namespace/name or name. */
      readonly resource?: string;
    })
  | (GoalBase & {
      readonly kind: 'simulation';
      readonly thresholds: readonly SimulationThreshold[];
    });

export interface Exercise {
  /** metadata.name: stable id (progress is kept by it). */
  readonly name: string;
  readonly title: string;
  readonly story: string;
  readonly difficulty: Difficulty;
  readonly tags: readonly string[];
  readonly start: ExerciseManifests;
  /** A Scenario document (YAML text): how pods behave, the traffic. Not the learner's to edit. */
  readonly scenario?: ExerciseManifests;
  readonly goals: readonly ExerciseGoal[];
  readonly hints: readonly string[];
  readonly solution: ExerciseManifests;
  readonly explanation: string;
  /** Where the exercise comes from (its order in a pack is its order in the input). */
  readonly order: number;
  readonly source: SourceRef;
}

// ------------------------------------------------------------------ results

export interface GoalResult {
  readonly id: string;
  readonly title: string;
  readonly kind: ExerciseGoal['kind'];
  readonly met: boolean;
  /** Why, in one sentence: what the engine answered against what the goal asks. */
  readonly why: string;
  /** Request and simulation goals: each expected field or threshold against what happened. */
  readonly checks: readonly ExpectationCheck[];
  readonly source: SourceRef;
}

export interface ExerciseGrade {
  readonly exercise: string;
  readonly solved: boolean;
  readonly met: number;
  readonly total: number;
  readonly goals: readonly GoalResult[];
  /** What loading the manifests found (YAML errors, lint), for the editor. */
  readonly diagnostics: readonly Diagnostic[];
  /** What the grader did that the learner should know (a Scenario of theirs ignored). */
  readonly notes: readonly string[];
}
