/**
 * A router's middlewares, resolved and turned into what the route table can express:
 * checks run before forwarding (redirects, auth, allowlists, limits), path steps,
 * header edits and retry settings, in the order Traefik chains them
 * ([TRF] pkg/server/middleware/middlewares.go BuildChain: the first listed runs first).
 *
 * Traefik builds a router's chain when it builds the router: a name that resolves to
 * nothing ("middleware \"x@kubernetescrd\" does not exist"), a Middleware with no kind
 * or several kinds, settings its constructor refuses, or a Chain that loops make the
 * router fail, and Traefik leaves it out. The caller turns `refused` into exactly that.
 */
import type {
  Cidr,
  HeaderFilter,
  PathStep,
  RequestGrouping,
  RouteCheck,
} from '../../model/routeTable.js';
import type { Secret } from '../../model/resources.js';
import type { SourceRef } from '../../model/source.js';
import type { MiddlewareSpec, SourceCriterion, TraefikMiddleware } from '../../model/traefik.js';
import { parseCidr } from '../../util/net.js';
import { compileRegex } from '../../util/regex.js';

/** Traefik's provider.Normalize: runs of anything but letters and digits become "-". */
export function normalizeName(name: string): string {
  return name
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join('-');
}

/** Middlewares of the CRD provider by the name routers use: `<ns>-<name>@kubernetescrd`. */
export function indexMiddlewares(
  middlewares: readonly TraefikMiddleware[],
): Map<string, TraefikMiddleware> {
  const index = new Map<string, TraefikMiddleware>();
  for (const m of middlewares)
    index.set(`${normalizeName(`${m.meta.namespace}-${m.meta.name}`)}@kubernetescrd`, m);
  return index;
}

export interface MiddlewareEffects {
  readonly checks: RouteCheck[];
  readonly steps: PathStep[];
  readonly requestHeaders: MutableFilter;
  readonly responseHeaders: MutableFilter;
  retry?: {
    readonly attempts: number;
    readonly initialIntervalMs: number;
    readonly statusCodes: readonly number[];
    readonly retryNonIdempotent: boolean;
    readonly networkErrors: boolean;
    readonly source: SourceRef;
  };
  /** Middlewares applied, in order, as "ns/name (Kind)". */
  readonly applied: string[];
  /** Kinds routelab does not model, passed over (they are assumed to let the request through). */
  readonly notModelled: { name: string; kind: string; source: SourceRef }[];
  /** Every Middleware the chain used (for sources). */
  readonly sources: SourceRef[];
}

interface MutableFilter {
  set: [string, string][];
  add: [string, string][];
  remove: string[];
}

export function toHeaderFilter(f: MutableFilter): HeaderFilter | undefined {
  return f.set.length + f.add.length + f.remove.length > 0
    ? { set: f.set, add: f.add, remove: f.remove }
    : undefined;
}

export type ChainResult =
  | { readonly ok: true; readonly effects: MiddlewareEffects }
  | {
      readonly ok: false;
      /** Plain words. */
      readonly reason: string;
      /** As Traefik logs it. */
      readonly log: string;
      readonly source: SourceRef;
      readonly code: 'unknownMiddleware' | 'badMiddleware';
    };

export interface MiddlewareContext {
  readonly index: ReadonlyMap<string, TraefikMiddleware>;
  readonly secrets: ReadonlyMap<string, Secret>;
  readonly allowCrossNamespace: boolean;
  readonly trustForwardedFor: boolean;
}

/** A reference as the router holds it: a qualified name and where it was written. */
export interface QualifiedRef {
  readonly key: string;
  readonly source: SourceRef;
}

class Refusal {
  constructor(
    readonly reason: string,
    readonly log: string,
    readonly source: SourceRef,
    readonly code: 'unknownMiddleware' | 'badMiddleware',
  ) {}
}

export function resolveChain(refs: readonly QualifiedRef[], ctx: MiddlewareContext): ChainResult {
  const effects: MiddlewareEffects = {
    checks: [],
    steps: [],
    requestHeaders: { set: [], add: [], remove: [] },
    responseHeaders: { set: [], add: [], remove: [] },
    applied: [],
    notModelled: [],
    sources: [],
  };
  try {
    for (const ref of refs) apply(ref, ctx, effects, []);
    return { ok: true, effects };
  } catch (e) {
    if (e instanceof Refusal)
      return { ok: false, reason: e.reason, log: e.log, source: e.source, code: e.code };
    throw e;
  }
}

/** Providers whose middlewares routelab cannot see (files, the Helm chart's own, internal). */
function isOtherProvider(key: string): boolean {
  const at = key.lastIndexOf('@');
  return at >= 0 && key.slice(at + 1) !== 'kubernetescrd' && key.slice(at + 1) !== 'kubernetes';
}

function apply(
  ref: QualifiedRef,
  ctx: MiddlewareContext,
  out: MiddlewareEffects,
  stack: readonly string[],
): void {
  if (isOtherProvider(ref.key)) {
    out.notModelled.push({ name: ref.key, kind: 'another provider', source: ref.source });
    return;
  }
  const mw = ctx.index.get(ref.key);
  if (!mw)
    throw new Refusal(
      `it names middleware ${ref.key}, which does not exist${ref.key.endsWith('@kubernetes') ? ' (a name without @kubernetescrd is looked up in the Ingress provider, which defines no middlewares: write <namespace>-<name>@kubernetescrd)' : ''}`,
      `middleware "${ref.key}" does not exist`,
      ref.source,
      'unknownMiddleware',
    );
  if (stack.includes(ref.key))
    throw new Refusal(
      `its middlewares loop: ${[...stack, ref.key].join(' → ')}`,
      `could not instantiate middleware ${ref.key}: recursion detected in ${[...stack, ref.key].join('->')}`,
      mw.source,
      'badMiddleware',
    );
  const name = `${mw.meta.namespace}/${mw.meta.name}`;
  if (mw.entries.length !== 1) {
    const several = mw.entries.length > 1;
    throw new Refusal(
      several
        ? `Middleware ${name} sets ${mw.entries.length} kinds (${mw.entries.map((e) => e.spec.type).join(', ')}); Traefik builds one kind per Middleware`
        : `Middleware ${name} sets no middleware kind`,
      several
        ? 'cannot create middleware: multi-types middleware not supported, consider declaring two different pieces of middleware instead'
        : `invalid middleware "${ref.key}" configuration: invalid middleware type or middleware does not exist`,
      mw.source,
      'badMiddleware',
    );
  }
  const entry = mw.entries[0];
  if (!entry) return;
  out.sources.push(entry.source);
  const origin = `Middleware ${name} (${kindName(entry.spec)})`;
  const refuse = (why: string, log: string): never => {
    throw new Refusal(`${origin}: ${why}`, log, entry.source, 'badMiddleware');
  };
  out.applied.push(`${name} (${kindName(entry.spec)})`);
  const spec = entry.spec;
  switch (spec.type) {
    case 'chain':
      for (const r of spec.middlewares) {
        const ns = r.namespace ?? mw.meta.namespace;
        // v3.6.14+: a Chain honours allowCrossNamespace ([TRF] docs/content/migrate/v3.md).
        if (!ctx.allowCrossNamespace && ns !== mw.meta.namespace)
          refuse(
            `it chains ${ns}/${r.name} from another namespace, and allowCrossNamespace is off`,
            `middleware ${ns}/${r.name} is not in the Chain namespace ${mw.meta.namespace}`,
          );
        const key = r.name.includes('@')
          ? r.name
          : `${normalizeName(`${ns}-${r.name}`)}@kubernetescrd`;
        apply({ key, source: r.source }, ctx, out, [...stack, ref.key]);
      }
      return;
    case 'stripPrefix':
      if (spec.prefixes.length > 0)
        out.steps.push({ kind: 'stripPrefix', prefixes: spec.prefixes });
      return;
    case 'stripPrefixRegex':
      for (const p of spec.regex)
        if (!compileRegex(p).ok)
          refuse(`the regex ${p} does not compile`, `error parsing regexp: ${p}`);
      out.steps.push({ kind: 'stripPrefixRegex', patterns: spec.regex });
      return;
    case 'addPrefix':
      if (!spec.prefix) refuse('prefix is empty', 'prefix cannot be empty');
      out.steps.push({ kind: 'addPrefix', prefix: spec.prefix });
      return;
    case 'replacePath':
      out.steps.push({ kind: 'replacePath', path: spec.path });
      return;
    case 'replacePathRegex': {
      const re = compileRegex(spec.regex);
      if (!re.ok)
        refuse(
          `the regex ${spec.regex} does not compile (${re.error})`,
          `error compiling regular expression ${spec.regex}`,
        );
      out.steps.push({
        kind: 'replacePathRegex',
        pattern: spec.regex,
        replacement: spec.replacement,
      });
      return;
    }
    case 'redirectScheme':
      // [TRF] redirect_scheme.go NewRedirectScheme
      if (!spec.scheme) refuse('scheme is empty', 'you must provide a target scheme');
      out.checks.push({
        kind: 'schemeRedirect',
        scheme: spec.scheme,
        permanent: spec.permanent,
        source: entry.source,
        origin,
        ...(spec.port ? { port: spec.port } : {}),
      });
      return;
    case 'redirectRegex': {
      const re = compileRegex(spec.regex);
      if (!re.ok)
        refuse(
          `the regex ${spec.regex} does not compile (${re.error})`,
          `error parsing regexp: ${spec.regex}`,
        );
      out.checks.push({
        kind: 'regexRedirect',
        regex: spec.regex,
        replacement: spec.replacement,
        permanent: spec.permanent,
        source: entry.source,
        origin,
      });
      return;
    }
    case 'headers':
      // [TRF] docs/.../middlewares/headers.md: an empty value removes the header.
      for (const [k, v] of Object.entries(spec.customRequestHeaders))
        setHeader(out.requestHeaders, k, v);
      for (const [k, v] of Object.entries(spec.customResponseHeaders))
        setHeader(out.responseHeaders, k, v);
      if (spec.accessControlAllowOriginList.length > 0)
        out.notModelled.push({ name, kind: 'Headers CORS settings', source: entry.source });
      return;
    case 'basicAuth': {
      const users = basicAuthUsers(spec.secret, mw.meta.namespace, ctx.secrets);
      // [TRF] pkg/provider/kubernetes/crd/kubernetes.go createBasicAuthMiddleware: an
      // unreadable Secret leaves the Middleware out, so routers using it fail.
      if (!users.ok)
        throw new Refusal(
          `${origin}: ${users.why}, so Traefik leaves the Middleware out`,
          `Error while reading basic auth middleware: ${users.why}`,
          entry.source,
          'badMiddleware',
        );
      out.checks.push({
        kind: 'basicAuth',
        realm: spec.realm,
        users: users.users,
        source: entry.source,
        origin,
      });
      if (spec.removeHeader) out.requestHeaders.remove.push('Authorization');
      return;
    }
    case 'ipAllowList': {
      // [TRF] pkg/ip/checker.go NewChecker: an empty list or a bad range is an error.
      if (spec.sourceRange.length === 0) refuse('sourceRange is empty', 'no trusted IPs provided');
      const allow: Cidr[] = [];
      for (const r of spec.sourceRange) {
        if (!parseCidr(r))
          refuse(
            `"${r}" is not an IP address or CIDR range`,
            `parsing CIDR trusted IPs ${r}: invalid CIDR address`,
          );
        allow.push({ text: r });
      }
      out.checks.push({
        kind: 'sourceRange',
        allow,
        excluded: (spec.ipStrategy?.excludedIPs ?? []).map((text) => ({ text })),
        trustForwardedFor: ctx.trustForwardedFor,
        status: spec.rejectStatusCode && spec.rejectStatusCode > 0 ? spec.rejectStatusCode : 403,
        source: entry.source,
        origin,
        ...(spec.ipStrategy?.depth !== undefined ? { depth: spec.ipStrategy.depth } : {}),
      });
      return;
    }
    case 'rateLimit': {
      // [TRF] pkg/middlewares/ratelimiter/rate_limiter.go: average 0 = no limit; burst < 1 → 1.
      if (spec.average <= 0) return;
      // [TRF] rate_limiter.go: without a criterion, the client address (an ipStrategy).
      const group = sourceGrouping(spec.sourceCriterion, 'ip', refuse);
      out.checks.push({
        kind: 'tokenBucket',
        implementation: 'traefik',
        average: spec.average,
        periodMs: spec.periodMs > 0 ? spec.periodMs : 1000,
        burst: Math.max(1, spec.burst),
        // [TRF] rate_limiter.go: an empty bucket answers 429 Too Many Requests.
        status: 429,
        ...group,
        zone: ref.key,
        source: entry.source,
        origin,
      });
      return;
    }
    case 'inFlightReq': {
      // [TRF] pkg/middlewares/inflightreq/inflight_req.go: over the limit → 429.
      if (spec.amount <= 0) refuse('amount must be more than 0', 'incorrect amount');
      // [TRF] inflight_req.go New: "If no source criterion is provided in the config, it
      // defaults to RequestHost": every client of a Host counts against one amount.
      const group = sourceGrouping(spec.sourceCriterion, 'host', refuse);
      out.checks.push({
        kind: 'connectionLimit',
        max: spec.amount,
        ...group,
        status: 429,
        source: entry.source,
        origin,
      });
      return;
    }
    case 'retry':
      // [TRF] pkg/middlewares/retry/retry.go New: attempts <= 0 is an error.
      if (spec.attempts <= 0)
        refuse(
          `attempts is ${spec.attempts}`,
          `incorrect (or empty) value for attempt (${spec.attempts})`,
        );
      out.retry = {
        attempts: spec.attempts,
        initialIntervalMs: spec.initialIntervalMs,
        statusCodes: parseStatusRanges(spec.status),
        retryNonIdempotent: spec.retryNonIdempotentMethod,
        networkErrors: !spec.disableRetryOnNetworkError,
        source: entry.source,
      };
      return;
    case 'other':
      out.notModelled.push({ name, kind: spec.name, source: entry.source });
      return;
  }
}

function setHeader(f: MutableFilter, name: string, value: string): void {
  const lower = name.toLowerCase();
  f.set = f.set.filter(([n]) => n.toLowerCase() !== lower);
  f.remove = f.remove.filter((n) => n.toLowerCase() !== lower);
  if (value === '') f.remove.push(name);
  else f.set.push([name, value]);
}

const KIND_NAMES: Readonly<Record<MiddlewareSpec['type'], string>> = {
  stripPrefix: 'StripPrefix',
  stripPrefixRegex: 'StripPrefixRegex',
  addPrefix: 'AddPrefix',
  replacePath: 'ReplacePath',
  replacePathRegex: 'ReplacePathRegex',
  redirectScheme: 'RedirectScheme',
  redirectRegex: 'RedirectRegex',
  headers: 'Headers',
  basicAuth: 'BasicAuth',
  ipAllowList: 'IPAllowList',
  rateLimit: 'RateLimit',
  retry: 'Retry',
  inFlightReq: 'InFlightReq',
  chain: 'Chain',
  other: 'other',
};

export function kindName(spec: MiddlewareSpec): string {
  if (spec.type === 'other') return spec.name;
  if (spec.type === 'ipAllowList' && spec.deprecatedName) return 'IPWhiteList';
  return KIND_NAMES[spec.type];
}

/** "500-504", "429" → the statuses ([TRF] pkg/types/http_code_ranges.go). */
export function parseStatusRanges(ranges: readonly string[]): number[] {
  const out: number[] = [];
  for (const r of ranges)
    for (const part of r.split(',')) {
      const m = /^\s*(\d{3})(?:\s*-\s*(\d{3}))?\s*$/.exec(part);
      if (!m) continue;
      const lo = Number(m[1]);
      const hi = m[2] ? Number(m[2]) : lo;
      for (let s = lo; s <= hi && out.length < 1000; s++) out.push(s);
    }
  return out;
}

/**
 * The users of a BasicAuth Secret ([TRF] crd/kubernetes.go loadBasicAuthCredentials):
 * a kubernetes.io/basic-auth Secret is one user (`username`); otherwise the `users`
 * key holds htpasswd lines `name:hash`.
 */
function basicAuthUsers(
  secretName: string | undefined,
  namespace: string,
  secrets: ReadonlyMap<string, Secret>,
): { ok: true; users: string[] } | { ok: false; why: string } {
  if (!secretName) return { ok: false, why: 'auth secret must be set' };
  const secret = secrets.get(`${namespace}/${secretName}`);
  if (!secret) return { ok: false, why: `failed to fetch secret ${namespace}/${secretName}` };
  if (secret.type === 'kubernetes.io/basic-auth') {
    const user = secret.data.username;
    return user
      ? { ok: true, users: [user] }
      : { ok: false, why: `secret ${namespace}/${secretName} has no username` };
  }
  const lines = (secret.data.users ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0)
    return { ok: false, why: `secret ${namespace}/${secretName} does not contain any user` };
  return { ok: true, users: lines.map((l) => l.split(':')[0] ?? '') };
}

/**
 * How RateLimit and InFlightReq group requests: the criterion's one choice, else the
 * middleware's default. Two choices at once make the middleware fail ([TRF]
 * pkg/middlewares/extractor.go GetSourceExtractor).
 */
function sourceGrouping(
  c: SourceCriterion | undefined,
  fallback: RequestGrouping,
  refuse: (why: string, log: string) => never,
): { by: RequestGrouping; header?: string } {
  const conflict =
    c?.ipStrategy && c.requestHeaderName
      ? 'iPStrategy and RequestHeaderName'
      : c?.ipStrategy && c.requestHost
        ? 'iPStrategy and RequestHost'
        : c?.requestHeaderName && c.requestHost
          ? 'requestHost and RequestHeaderName'
          : undefined;
  if (conflict)
    refuse(
      'sourceCriterion may set only one of ipStrategy, requestHeaderName and requestHost',
      `getting source extractor: ${conflict} are mutually exclusive`,
    );
  if (c?.requestHost) return { by: 'host' };
  if (c?.requestHeaderName) return { by: 'header', header: c.requestHeaderName };
  if (c?.ipStrategy) return { by: 'ip' };
  return { by: fallback };
}
