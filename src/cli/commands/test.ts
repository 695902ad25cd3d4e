/** `routelab test`: route tests against the manifests, with route coverage, for CI. */
import {
  buildCluster,
  loadManifests,
  routeTestsOf,
  runRouteTests,
  sortDiagnostics,
  type Diagnostic,
  type Resource,
} from '../../engine/index.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { readInputs } from '../inputs.js';
import { makeStyle } from '../render/ansi.js';
import { diagnosticJson, viewDiagnostic } from '../render/diagnostics.js';
import { diagnosticLine } from '../render/lint.js';
import { renderRouteTestJunit, renderRouteTestText, routeTestJson } from '../render/routeTests.js';
import { parseSeed } from '../request.js';

export interface TestCommandOptions {
  readonly filename?: readonly string[];
  readonly tests?: readonly string[];
  readonly failUnder?: string;
  readonly strict?: boolean;
  readonly seed?: string;
  readonly output?: string;
}

/** Exit code when a request fails, a test has an error or coverage is under --fail-under. */
export const TESTS_FAILED = 1;

export function parsePercent(text: string, flag: string): number {
  const t = text.trim().replace(/%$/, '');
  const n = /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
  if (!(n >= 0 && n <= 100)) throw new UsageError(`${flag} "${text}" is not a percentage (0-100)`);
  return n;
}

function kindOf(r: Resource): string {
  return r.kind === 'Unknown' ? r.declaredKind : r.kind;
}

export async function testCommand(o: TestCommandOptions, io: Io): Promise<number> {
  const failUnder =
    o.failUnder === undefined ? undefined : parsePercent(o.failUnder, '--fail-under');
  const seed = o.seed === undefined ? undefined : parseSeed(o.seed);
  if (!o.filename || o.filename.length === 0)
    throw new UsageError('no manifests: give -f FILE, -f DIR or -f -');
  const manifestInputs = await readInputs(o.filename, io);
  const testInputs = o.tests && o.tests.length > 0 ? await readInputs(o.tests, io) : [];
  const manifests = loadManifests(manifestInputs);
  const tests = loadManifests(testInputs);
  // RouteTests may sit with the manifests (-f k8s/); other kinds in -t files are not read.
  const notes: string[] = tests.resources
    .filter((r) => r.kind !== 'RouteTest')
    .map(
      (r) =>
        `routelab: ${r.source.file ?? ''}:${r.source.range.startLine}: ${kindOf(r)} ${r.meta.name} is not a RouteTest; -t reads only RouteTests (give manifests with -f)`,
    );
  const routeTests = [...routeTestsOf(manifests.resources), ...routeTestsOf(tests.resources)];
  if (routeTests.length === 0)
    throw new UsageError(
      'no RouteTest found: give -t FILE with documents of kind RouteTest (apiVersion routelab.dev/v1alpha1)',
    );
  const testFiles = new Set(testInputs.map((i) => i.file));
  const cluster = buildCluster(
    manifests.resources.filter((r) => r.kind !== 'RouteTest'),
    { strict: o.strict ?? false },
  );
  const now = (io.now ?? (() => new Date()))().toISOString();
  const report = runRouteTests(cluster, routeTests, {
    now,
    ...(seed !== undefined ? { seed } : {}),
  });
  // Problems in the tests themselves fail the run: a typo in an expectation would check nothing.
  const all = sortDiagnostics([...manifests.diagnostics, ...tests.diagnostics]);
  // Everything in the -t files counts, and whatever is about a RouteTest among the manifests.
  const inTests = (d: Diagnostic): boolean =>
    testFiles.has(d.source?.file ?? d.file) || d.source?.kind === 'RouteTest';
  const testErrors = all.filter((d) => inTests(d) && d.severity === 'error');
  const shown = all.filter(
    (d) => d.severity === 'error' || (inTests(d) && d.severity === 'warning'),
  );
  const view = { report, ...(failUnder !== undefined ? { failUnder } : {}) };

  if (o.output === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          ...(routeTestJson(view) as object),
          diagnostics: shown.map(diagnosticJson),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const d of shown) io.stderr(`${diagnosticLine(viewDiagnostic(d), makeStyle(false))}\n`);
    for (const n of notes) io.stderr(`${n}\n`);
    io.stdout(
      o.output === 'junit'
        ? renderRouteTestJunit(view)
        : renderRouteTestText(view, {
            style: makeStyle(io.color ?? false),
            width: io.columns ?? 100,
          }),
    );
  }
  if (testErrors.length > 0 && o.output !== 'json')
    io.stderr(
      `routelab: the tests have ${testErrors.length === 1 ? 'an error' : `${testErrors.length} errors`}; fix them, or they may check less than they say\n`,
    );
  const coverageLow = failUnder !== undefined && report.coverage.percent < failUnder;
  return report.failed > 0 || coverageLow || testErrors.length > 0 ? TESTS_FAILED : EXIT.ok;
}
