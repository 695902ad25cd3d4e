/**
 * One trace against what a request should come to: each expected field, its expected and
 * actual value, and whether it holds. Shared by route tests and exercise request goals.
 */
import type {
  BackendExpectation,
  ExpectationCheck,
  HeaderExpectation,
  RequestExpectation,
  ValueMatch,
} from '../model/routeTest.js';
import type { Trace } from '../model/trace.js';
import { compileRegex } from '../util/regex.js';

export function checkExpectation(t: Trace, e: RequestExpectation): ExpectationCheck[] {
  const checks: ExpectationCheck[] = [];
  const add = (field: string, expected: string, actual: string, pass: boolean, at = field) => {
    const source = e.sources[at];
    checks.push({ field, expected, actual, pass, ...(source ? { source } : {}) });
  };
  const answered = t.status === null ? `no response (${t.error ?? 'no answer'})` : String(t.status);
  if (e.status)
    add(
      'status',
      e.status.join(' or '),
      answered,
      t.status !== null && e.status.includes(t.status),
    );
  if (e.noResponse !== undefined)
    add(
      'noResponse',
      e.noResponse ? 'no response' : 'a response',
      answered,
      e.noResponse === (t.status === null),
    );
  if (e.backend !== undefined) {
    const actual = t.backend
      ? `${t.backend.namespace}/${t.backend.service}:${t.backend.port} (pod ${t.backend.pod})`
      : 'no pod answered';
    add(
      'backend',
      describeBackend(e.backend),
      actual,
      e.backend === null ? t.backend === null : backendMatches(e.backend, t.backend),
    );
  }
  if (e.redirect !== undefined)
    add(
      'redirect',
      e.redirect ?? 'no redirect',
      t.redirect ?? 'no redirect',
      e.redirect === t.redirect,
    );
  if (e.path !== undefined)
    add(
      'path',
      e.path,
      t.forwarded ? t.forwarded.path : 'not forwarded to a pod',
      t.forwarded?.path === e.path,
    );
  if (e.host !== undefined)
    add(
      'host',
      e.host,
      t.forwarded ? t.forwarded.host : 'not forwarded to a pod',
      t.forwarded?.host.toLowerCase() === e.host.toLowerCase(),
    );
  for (const h of e.forwardedHeaders ?? [])
    headerCheck(checks, 'forwardedHeaders', h, t.forwarded?.headers, 'not forwarded to a pod');
  for (const h of e.responseHeaders ?? [])
    headerCheck(
      checks,
      'responseHeaders',
      h,
      t.status === null ? undefined : responseHeaders(t),
      'no response',
    );
  if (e.maxAttempts !== undefined) {
    const sent = t.attempts.filter((a) => a.pod !== null).length;
    add(
      'maxAttempts',
      `at most ${e.maxAttempts} ${e.maxAttempts === 1 ? 'try' : 'tries'} sent to pods`,
      `${sent} ${sent === 1 ? 'try' : 'tries'}${sent > 1 ? ` (${t.attempts.map((a) => a.pod ?? '?').join(', ')})` : ''}`,
      sent <= e.maxAttempts,
    );
  }
  if (e.certificate !== undefined) {
    const expected =
      'default' in e.certificate
        ? "the controller's default certificate"
        : `Secret ${e.certificate.secret}`;
    const actual = !t.tls
      ? 'no TLS'
      : t.tls.defaultCertificate
        ? "the controller's default certificate"
        : `Secret ${t.tls.secret ?? '?'}`;
    add(
      'certificate',
      expected,
      actual,
      t.tls !== null &&
        ('default' in e.certificate
          ? t.tls.defaultCertificate
          : !t.tls.defaultCertificate && t.tls.secret === e.certificate.secret),
    );
  }
  if (e.controller !== undefined)
    add(
      'controller',
      e.controller,
      t.controller ?? 'no controller',
      t.controller !== null &&
        (t.controller === e.controller || t.controller.endsWith(`/${e.controller}`)),
    );
  return checks;
}

/** The headers the client gets, with Location for a redirect. */
function responseHeaders(t: Trace): Readonly<Record<string, string>> {
  return t.redirect && !Object.keys(t.responseHeaders).some((k) => k.toLowerCase() === 'location')
    ? { ...t.responseHeaders, Location: t.redirect }
    : t.responseHeaders;
}

function headerCheck(
  checks: ExpectationCheck[],
  group: string,
  h: HeaderExpectation,
  headers: Readonly<Record<string, string>> | undefined,
  missing: string,
): void {
  const field = `${group}.${h.name}`;
  if (!headers) {
    checks.push({
      field,
      expected: describeMatch(h.match),
      actual: missing,
      pass: h.match.kind === 'absent',
      source: h.source,
    });
    return;
  }
  const lower = h.name.toLowerCase();
  const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === lower);
  const value = entry?.[1];
  checks.push({
    field,
    expected: describeMatch(h.match),
    actual: value === undefined ? 'absent' : `"${value}"`,
    pass: valueMatches(h.match, value),
    source: h.source,
  });
}

export function valueMatches(m: ValueMatch, value: string | undefined): boolean {
  switch (m.kind) {
    case 'absent':
      return value === undefined;
    case 'present':
      return value !== undefined;
    case 'equals':
      return value === m.value;
    case 'contains':
      return value !== undefined && value.includes(m.value);
    case 'matches': {
      if (value === undefined) return false;
      const re = compileRegex(m.pattern);
      return re.ok && re.regex.exec(value) !== null;
    }
  }
}

function describeMatch(m: ValueMatch): string {
  switch (m.kind) {
    case 'absent':
      return 'absent';
    case 'present':
      return 'present';
    case 'equals':
      return `"${m.value}"`;
    case 'contains':
      return `containing "${m.value}"`;
    case 'matches':
      return `matching /${m.pattern}/`;
  }
}

function describeBackend(b: BackendExpectation | null): string {
  if (b === null) return 'no pod answers';
  const service = b.service
    ? `${b.namespace ? `${b.namespace}/` : ''}${b.service}`
    : b.namespace
      ? `a Service in ${b.namespace}`
      : 'any Service';
  return `${service}${b.port !== undefined ? `:${b.port}` : ''}${b.pod ? ` (pod ${b.pod}…)` : ''}`;
}

function backendMatches(b: BackendExpectation, actual: Trace['backend']): boolean {
  if (!actual) return false;
  if (b.namespace !== undefined && b.namespace !== actual.namespace) return false;
  if (b.service !== undefined && b.service !== actual.service) return false;
  if (b.port !== undefined && String(b.port) !== String(actual.port)) return false;
  if (b.pod !== undefined && !actual.pod.startsWith(b.pod)) return false;
  return true;
}
