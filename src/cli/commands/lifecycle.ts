/**
 * `routelab lifecycle`: the eleven stages from `kubectl apply` to a request reaching a pod,
 * for the manifests applied to an empty cluster, or for a change (`--change`, `--delete`)
 * applied on top of them.
 */
import {
  applyChange,
  buildCluster,
  lifecycle,
  loadManifests,
  sortDiagnostics,
  type Diagnostic,
  type RequestSpec,
  type SourceRef,
} from '../../engine/index.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { readInputs } from '../inputs.js';
import { controllersNamed } from '../load.js';
import { makeStyle } from '../render/ansi.js';
import { viewDiagnostic } from '../render/diagnostics.js';
import { renderLifecycleText } from '../render/lifecycleText.js';
import { traceToJson } from '../render/traceJson.js';
import { parseSeed, toRequestSpec } from '../request.js';
import { printDiagnostics } from './diagnostics.js';

/** Exit code when a stage fails (the change is refused, ignored, or the request does not get through). */
export const STAGE_FAILED = 1;

export interface LifecycleCommandOptions {
  readonly filename?: readonly string[];
  readonly change?: readonly string[];
  readonly delete?: readonly string[];
  readonly url?: string;
  readonly header?: readonly string[];
  readonly controller?: string;
  readonly strict?: boolean;
  readonly seed?: string;
  readonly output?: string;
}

export async function lifecycleCommand(o: LifecycleCommandOptions, io: Io): Promise<number> {
  const strict = o.strict ?? false;
  const seed = o.seed === undefined ? undefined : parseSeed(o.seed);
  const request: RequestSpec | undefined =
    o.url !== undefined ? toRequestSpec({ url: o.url, headers: o.header }) : undefined;
  const base = await readInputs(o.filename ?? [], io);
  const baseLoad = loadManifests(base);
  const changeFiles = [...(o.change ?? []), ...(o.delete ?? [])];
  if ((o.change ?? []).length > 0 && (o.delete ?? []).length > 0)
    throw new UsageError('give --change or --delete, not both');
  const now = (io.now ?? (() => new Date()))().toISOString();
  let before = undefined as ReturnType<typeof buildCluster> | undefined;
  let after = buildCluster(baseLoad.resources, { strict });
  let loadDiagnostics: readonly Diagnostic[] = baseLoad.diagnostics;
  let rejected: readonly SourceRef[] = baseLoad.rejected;
  let heading = `kubectl apply ${(o.filename ?? []).map((f) => `-f ${f}`).join(' ')} (on an empty cluster)`;
  if (changeFiles.length > 0) {
    const change = loadManifests(await readInputs(changeFiles, io));
    before = after;
    after = buildCluster(
      applyChange(baseLoad.resources, change.resources, {
        ...((o.delete ?? []).length > 0 ? { delete: true } : {}),
      }),
      { strict },
    );
    loadDiagnostics = change.diagnostics;
    rejected = change.rejected;
    heading = `kubectl ${(o.delete ?? []).length > 0 ? 'delete' : 'apply'} ${changeFiles.map((f) => `-f ${f}`).join(' ')} (on ${(o.filename ?? []).join(', ')})`;
  }
  if (o.controller) controllersNamed(after, o.controller);
  const result = lifecycle(before, after, {
    loadDiagnostics,
    rejected,
    now,
    ...(seed !== undefined ? { seed } : {}),
    ...(request ? { request } : {}),
    ...(o.controller ? { controller: o.controller } : {}),
  });
  const diagnostics = sortDiagnostics(result.diagnostics);
  if (o.output === 'json') {
    const json = {
      mode: result.mode,
      summary: result.summary,
      programmedAtMs: result.programmedAtMs,
      request: result.request,
      changes: result.changes,
      controllers: result.controllers,
      stages: result.stages,
      trace: result.trace ? traceToJson(result.trace, []) : null,
      assumptions: result.assumptions,
      diagnostics: diagnostics.map(viewDiagnostic),
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    printDiagnostics(diagnostics, [...(o.filename ?? []), ...changeFiles], io);
    io.stdout(
      renderLifecycleText(result, {
        style: makeStyle(io.color ?? false),
        width: io.columns ?? 100,
        heading,
      }),
    );
  }
  return result.stages.some((s) => s.outcome === 'fail') ? STAGE_FAILED : EXIT.ok;
}
