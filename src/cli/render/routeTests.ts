/** `routelab test` output: a readable report, JSON, or JUnit XML for CI. */
import {
  formatSource,
  type CoveredRoute,
  type RequestResult,
  type RouteTestReport,
  type SourceRef,
} from '../../engine/index.js';
import type { Style } from './ansi.js';
import { count } from './diagnostics.js';
import { wrap } from './wrap.js';

export interface RouteTestView {
  readonly report: RouteTestReport;
  /** --fail-under, when given. */
  readonly failUnder?: number;
}

function where(s: SourceRef): string {
  return `${s.file ?? ''}${s.file ? ':' : 'line '}${s.range.startLine}`;
}

/** "Ingress shop/web (k8s/web.yaml:12)". */
function shortSource(s: SourceRef): string {
  return `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name} (${where(s)})`;
}

function coverageOk(v: RouteTestView): boolean {
  return v.failUnder === undefined || v.report.coverage.percent >= v.failUnder;
}

export function renderRouteTestText(
  v: RouteTestView,
  options: { style: Style; width: number },
): string {
  const { style, width } = options;
  const lines: string[] = [];
  let test: string | undefined;
  for (const r of v.report.results) {
    if (r.test !== test) {
      if (test !== undefined) lines.push('');
      test = r.test;
      lines.push(style.bold(`RouteTest ${r.test}`));
    }
    lines.push(...resultLines(r, style, width));
  }
  const { passed, failed, coverage } = v.report;
  lines.push('');
  const total = passed + failed;
  lines.push(
    `${count(total, 'request')}: ${failed === 0 ? style.green(`${passed} passed`) : `${passed} passed`}, ${failed > 0 ? style.red(`${failed} failed`) : '0 failed'}`,
  );
  lines.push('');
  lines.push(
    style.bold(
      `Route coverage: ${coverage.reached} of ${count(coverage.total, 'route')} reached (${coverage.percent}%)${v.failUnder !== undefined ? `, --fail-under ${v.failUnder}%` : ''}`,
    ),
  );
  let controller: string | undefined;
  for (const route of coverage.routes) {
    if (route.controller !== controller) {
      controller = route.controller;
      lines.push(`  ${route.controller}`);
    }
    lines.push(...routeLines(route, style, width));
  }
  if (!coverageOk(v))
    lines.push(style.red(`Coverage ${coverage.percent}% is under --fail-under ${v.failUnder}%.`));
  return `${lines.join('\n')}\n`;
}

function resultLines(r: RequestResult, style: Style, width: number): string[] {
  const mark = r.pass ? style.green('✓') : style.red('✗');
  const head = `${r.method} ${r.url}`;
  const lines = wrap(
    `${r.name === head ? head : `${r.name}: ${head}`} → ${r.summary}`,
    width,
    `  ${mark} `,
    '      ',
  );
  for (const c of r.checks.filter((c) => !c.pass)) {
    lines.push(
      ...wrap(
        `${c.field}: expected ${c.expected}, got ${c.actual}${c.source ? ` (${where(c.source)})` : ''}`,
        width,
        `      ${style.red('-')} `,
        '        ',
      ),
    );
  }
  return lines;
}

function routeLines(route: CoveredRoute, style: Style, width: number): string[] {
  const mark = route.requests > 0 ? style.green('✓') : style.yellow('✗');
  const host = route.host ?? '(any host)';
  const reached =
    route.requests > 0 ? count(route.requests, 'request') : style.yellow('no request reached it');
  return wrap(
    `${host} ${route.label}: ${reached}; ${shortSource(route.source)}`,
    width,
    `    ${mark} `,
    '        ',
  );
}

export function routeTestJson(v: RouteTestView): unknown {
  const { report } = v;
  return {
    passed: report.passed,
    failed: report.failed,
    results: report.results.map((r) => ({
      test: r.test,
      name: r.name,
      method: r.method,
      url: r.url,
      pass: r.pass,
      status: r.status,
      summary: r.summary,
      checks: r.checks.map((c) => ({
        field: c.field,
        expected: c.expected,
        actual: c.actual,
        pass: c.pass,
        ...(c.source ? { line: c.source.range.startLine } : {}),
      })),
      route: r.route ? routeJson(r.route) : null,
      file: r.source.file ?? null,
      line: r.source.range.startLine,
      durationMs: r.durationMs,
    })),
    coverage: {
      total: report.coverage.total,
      reached: report.coverage.reached,
      percent: report.coverage.percent,
      failUnder: v.failUnder ?? null,
      ok: coverageOk(v),
      routes: report.coverage.routes.map((r) => ({ ...routeJson(r), requests: r.requests })),
    },
  };
}

function routeJson(r: Omit<CoveredRoute, 'requests'>) {
  return {
    controller: r.controller,
    host: r.host,
    route: r.route,
    label: r.label,
    listeners: r.listeners,
    source: formatSource(r.source),
    file: r.source.file ?? null,
    line: r.source.range.startLine,
  };
}

// ------------------------------------------------------------------ JUnit XML

function xml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // XML 1.0 has no place for most control characters, even escaped.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '?')
  );
}

/**
 * JUnit XML as CI systems read it: one testsuite per RouteTest with a testcase per request,
 * and a "route coverage" suite with a testcase per route (skipped when no request reached
 * it; a failure for the threshold when --fail-under is not met).
 */
export function renderRouteTestJunit(v: RouteTestView): string {
  const { report } = v;
  const suites = new Map<string, RequestResult[]>();
  for (const r of report.results) suites.set(r.test, [...(suites.get(r.test) ?? []), r]);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const coverageCases = report.coverage.routes.length + (v.failUnder !== undefined ? 1 : 0);
  const coverageFailures = coverageOk(v) ? 0 : 1;
  out.push(
    `<testsuites name="routelab" tests="${report.results.length + coverageCases}" failures="${report.failed + coverageFailures}">`,
  );
  for (const [name, results] of suites) {
    const failures = results.filter((r) => !r.pass).length;
    const seconds = results.reduce((s, r) => s + r.durationMs, 0) / 1000;
    out.push(
      `  <testsuite name="${xml(name)}" tests="${results.length}" failures="${failures}" time="${seconds.toFixed(3)}">`,
    );
    for (const r of results) {
      const attrs = `classname="${xml(name)}" name="${xml(r.name)}"${r.source.file ? ` file="${xml(r.source.file)}"` : ''} line="${r.source.range.startLine}" time="${(r.durationMs / 1000).toFixed(3)}"`;
      if (r.pass) {
        out.push(`    <testcase ${attrs}/>`);
        continue;
      }
      const failed = r.checks.filter((c) => !c.pass);
      const message = failed.map((c) => `${c.field}: expected ${c.expected}, got ${c.actual}`);
      out.push(`    <testcase ${attrs}>`);
      out.push(
        `      <failure message="${xml(message.join('; '))}" type="expectation">${xml(
          [`${r.method} ${r.url} → ${r.summary}`, ...message].join('\n'),
        )}</failure>`,
      );
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  const skipped = report.coverage.routes.filter((r) => r.requests === 0).length;
  out.push(
    `  <testsuite name="route coverage" tests="${coverageCases}" failures="${coverageFailures}" skipped="${skipped}">`,
  );
  for (const r of report.coverage.routes) {
    const attrs = `classname="${xml(r.controller)}" name="${xml(`${r.host ?? '(any host)'} ${r.label}`)}"${r.source.file ? ` file="${xml(r.source.file)}"` : ''} line="${r.source.range.startLine}"`;
    if (r.requests > 0) out.push(`    <testcase ${attrs}/>`);
    else {
      out.push(`    <testcase ${attrs}>`);
      out.push(
        `      <skipped message="${xml(`no request reached this route (${formatSource(r.source)})`)}"/>`,
      );
      out.push('    </testcase>');
    }
  }
  if (v.failUnder !== undefined) {
    const name = `coverage ${report.coverage.percent}% at least ${v.failUnder}%`;
    if (coverageOk(v)) out.push(`    <testcase classname="coverage" name="${xml(name)}"/>`);
    else {
      out.push(`    <testcase classname="coverage" name="${xml(name)}">`);
      out.push(
        `      <failure message="${xml(`route coverage ${report.coverage.percent}% is under ${v.failUnder}%`)}" type="coverage"/>`,
      );
      out.push('    </testcase>');
    }
  }
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
