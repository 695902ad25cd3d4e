/**
 * The invariants every trace must satisfy (design.md "Tests": every simulated request
 * ends in exactly one outcome), and the whole pipeline run on one text.
 */
import {
  buildCluster,
  lint,
  loadManifests,
  STAGE_ORDER,
  trace,
  type Cluster,
  type Diagnostic,
  type RequestSpec,
  type Trace,
} from '../../src/engine/index.js';

/** Every way a trace can break the contract, as readable strings (empty = fine). */
export function traceViolations(t: Trace): string[] {
  const problems: string[] = [];
  const response = typeof t.status === 'number' && t.error === null;
  const failure = t.status === null && typeof t.error === 'string' && t.error.length > 0;
  if (response === failure)
    problems.push(
      `exactly one of response/error: status=${String(t.status)} error=${JSON.stringify(t.error)}`,
    );
  if (
    typeof t.status === 'number' &&
    (!Number.isInteger(t.status) || t.status < 100 || t.status > 599)
  )
    problems.push(`status ${t.status} is not an HTTP status`);
  const ids = t.stages.map((s) => s.id);
  if (JSON.stringify(ids) !== JSON.stringify(STAGE_ORDER))
    problems.push(`stages ${ids.join(',')} are not ${STAGE_ORDER.join(',')}`);
  let previousEnd = -Infinity;
  let previousStart = -Infinity;
  for (const s of t.stages) {
    if (!Number.isFinite(s.startMs) || !Number.isFinite(s.endMs))
      problems.push(`stage ${s.id} has non-finite times ${s.startMs}..${s.endMs}`);
    if (s.startMs > s.endMs)
      problems.push(`stage ${s.id} starts after it ends (${s.startMs} > ${s.endMs})`);
    if (s.startMs < previousStart || s.startMs < previousEnd)
      problems.push(`stage ${s.id} starts at ${s.startMs}, before the previous stage's times`);
    if (s.endMs < previousEnd)
      problems.push(`stage ${s.id} ends at ${s.endMs}, earlier than the previous stage`);
    previousStart = s.startMs;
    previousEnd = s.endMs;
    if (!['ok', 'fail', 'skipped'].includes(s.outcome))
      problems.push(`stage ${s.id} outcome ${s.outcome}`);
  }
  if (t.backend !== null && t.status === null) problems.push('a backend without a response');
  return problems;
}

export interface Exercised {
  readonly cluster: Cluster;
  readonly diagnostics: readonly Diagnostic[];
  readonly traces: readonly Trace[];
}

/** Loads, builds (lenient and strict), lints and traces every request; anything that throws escapes. */
export function exercise(text: string, requests: readonly RequestSpec[], seed = 7): Exercised {
  const load = loadManifests(text);
  const strict = buildCluster(load.resources, { strict: true });
  lint(strict, load.diagnostics);
  const cluster = buildCluster(load.resources);
  const diagnostics = lint(cluster, load.diagnostics);
  const hosts = cluster.dns.slice(0, 2).map((r) => r.name.replace(/^\*\./, 'x.'));
  const all: RequestSpec[] = [
    ...requests,
    ...hosts.flatMap((h) => [
      { url: `http://${h}/` },
      { url: `https://${h}/api/`, insecure: true },
    ]),
  ];
  const traces = [
    ...all.map((r) => trace(cluster, r, { seed })),
    ...all.slice(0, 2).map((r) => trace(strict, r, { seed, now: '2030-01-01T00:00:00Z' })),
  ];
  return { cluster, diagnostics, traces };
}
