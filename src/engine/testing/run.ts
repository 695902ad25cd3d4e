/**
 * runRouteTests(cluster, tests): every request of every RouteTest traced and checked
 * against its expectations, with the route it reached, and the written routes no
 * request reached (coverage). Pure and deterministic, as `trace` is.
 */
import type { Cluster } from '../model/cluster.js';
import type { Resource } from '../model/resources.js';
import type {
  ExpectationCheck,
  RequestResult,
  RouteTest,
  RouteTestReport,
  TestRequest,
} from '../model/routeTest.js';
import type { Trace } from '../model/trace.js';
import { trace } from '../path/trace.js';
import { checkExpectation } from './expect.js';
import { coverageFrom, routeOfTrace } from './coverage.js';

export interface RouteTestOptions {
  /** Seed for every random choice (pod, replica, canary draw). Default 1. */
  readonly seed?: number;
  /** Current time (ISO 8601) for certificate validity; omitted → validity is not checked. */
  readonly now?: string;
}

/** The RouteTest documents among loaded resources, in input order. */
export function routeTestsOf(resources: readonly Resource[]): RouteTest[] {
  return resources.flatMap((r) => (r.kind === 'RouteTest' ? [r.test] : []));
}

/** Traces one request; a failure inside the engine becomes a failed result, not an exception. */
export function traceSafely(
  cluster: Cluster,
  request: TestRequest['request'],
  options: RouteTestOptions,
): { trace: Trace } | { error: string } {
  try {
    return {
      trace: trace(cluster, request, {
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.now !== undefined ? { now: options.now } : {}),
      }),
    };
  } catch (e) {
    return {
      error: `routelab could not trace this request (${e instanceof Error ? e.message : String(e)}); please report it`,
    };
  }
}

export function runRouteTests(
  cluster: Cluster,
  tests: readonly RouteTest[],
  options: RouteTestOptions = {},
): RouteTestReport {
  const results: RequestResult[] = [];
  const counts = new Map<string, number>();
  for (const test of tests) {
    for (const req of test.requests) {
      const result = runOne(cluster, test.name, req, options);
      results.push(result);
      if (result.route) counts.set(result.route.key, (counts.get(result.route.key) ?? 0) + 1);
    }
  }
  const passed = results.filter((r) => r.pass).length;
  return {
    results,
    passed,
    failed: results.length - passed,
    coverage: coverageFrom(cluster, counts),
  };
}

function runOne(
  cluster: Cluster,
  test: string,
  req: TestRequest,
  options: RouteTestOptions,
): RequestResult {
  const method = req.request.method ?? (req.request.bodyBytes ? 'POST' : 'GET');
  const traced = traceSafely(cluster, req.request, options);
  if ('error' in traced) {
    const check: ExpectationCheck = {
      field: 'trace',
      expected: 'a trace',
      actual: traced.error,
      pass: false,
    };
    return {
      test,
      name: req.name,
      method,
      url: req.request.url,
      pass: false,
      checks: [check],
      summary: traced.error,
      status: null,
      stages: [],
      route: null,
      durationMs: 0,
      source: req.source,
    };
  }
  const t = traced.trace;
  const checks = checkExpectation(t, req.expect);
  return {
    test,
    name: req.name,
    method: t.request.method,
    url: req.request.url,
    pass: checks.every((c) => c.pass),
    checks,
    summary: t.summary,
    status: t.status,
    stages: t.stages.map((s) => ({ id: s.id, outcome: s.outcome, summary: s.summary })),
    route: routeOfTrace(cluster, t),
    durationMs: t.durationMs,
    source: req.source,
  };
}
