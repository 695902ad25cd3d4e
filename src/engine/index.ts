/**
 * routelab's engine: the one import path for the page, the command and library users.
 * Pure TypeScript: no DOM, no Node built-ins, no clocks or randomness it is not given.
 */
export { loadManifests, ManifestLoader } from './manifest/load.js';
export type { LoadResult, ManifestInput } from './manifest/load.js';
export { buildCluster } from './cluster/build.js';
export { trace } from './path/trace.js';
export { simulate, defaultScenario } from './sim/simulate.js';
export type { SimulateOptions, SimulationChange } from './sim/simulate.js';
export type {
  LatencySummary,
  SampledRequest,
  SecondSample,
  SimulationResult,
} from './model/simulation.js';
export type { TraceOptions } from './path/trace.js';
export { lint } from './lint/index.js';
export { lifecycle, applyChange, simulationChange, LIFECYCLE_ORDER } from './lifecycle/index.js';
export type {
  ApplyOptions,
  ChangeAction,
  ControllerUpdate,
  Lifecycle,
  LifecycleOptions,
  LifecycleOutcome,
  LifecycleProblem,
  LifecycleStage,
  LifecycleStageId,
  ResourceChange,
  UpdateKind,
} from './lifecycle/index.js';
export { proxyConfig, configFormat, renderNginxConf } from './config/index.js';
export type {
  ConfigFormat,
  DocumentSource,
  JsonValue,
  NginxConf,
  NginxConfOptions,
  NginxEndpointTarget,
  ProxyConfig,
  ProxyConfigOptions,
} from './config/index.js';
export { runRouteTests, routeTestsOf } from './testing/run.js';
export type { RouteTestOptions } from './testing/run.js';
export { routeCoverage } from './testing/coverage.js';
export { gradeExercise, exerciseCluster } from './exercise/grade.js';
export type { GradeOptions, GradedCluster } from './exercise/grade.js';
export { loadExercisePack } from './exercise/pack.js';
export type { ExercisePack } from './exercise/pack.js';
export { applyFix, sortDiagnostics } from './model/diagnostics.js';
export { formatSource } from './model/source.js';
export { STAGE_ORDER } from './model/trace.js';
export { DEFAULT_CLIENT_IP } from './model/request.js';

export type { Diagnostic, Fix, FixEdit, Severity } from './model/diagnostics.js';
export type { LineRange, SourceRef, YamlPath } from './model/source.js';
export type { Resource, ResourceKind } from './model/resources.js';
export type {
  Cluster,
  ClusterOptions,
  Controller,
  DnsRecord,
  PodInfo,
  CertificateSummary,
} from './model/cluster.js';
export type { RequestSpec, ResolveOverride } from './model/request.js';
export type {
  Route,
  RouteTable,
  VirtualHost,
  RouteCheck,
  RouteAction,
} from './model/routeTable.js';
export type {
  Attempt,
  BackendChoice,
  Candidate,
  Forwarded,
  Stage,
  StageId,
  StageOutcome,
  TlsResult,
  Trace,
} from './model/trace.js';
export type {
  BackendExpectation,
  CoveredRoute,
  ExpectationCheck,
  HeaderExpectation,
  RequestExpectation,
  RequestResult,
  RouteCoverage,
  RouteRef,
  RouteTest,
  RouteTestReport,
  TestRequest,
  ValueMatch,
} from './model/routeTest.js';
export type {
  Difficulty,
  Exercise,
  ExerciseGoal,
  ExerciseGrade,
  ExerciseManifests,
  GoalResult,
  SimulationMetric,
  SimulationThreshold,
} from './model/exercise.js';
