/**
 * Lint for what Traefik serves (the RL7xx range, TRAEFIK_CODES in model/traefik.ts):
 *  - RL706 routers that never win: a router before them in the entry point's list
 *    (higher priority) matches every request they match;
 *  - RL711 routers with the same priority that can match the same request (Traefik's
 *    order between them is undefined);
 *  - RL705 Middlewares Traefik cannot build, even when no router uses them yet;
 *  - RL708 ingress-nginx annotations on an Ingress Traefik serves, and what to use instead;
 *  - RL713 annotations that look like Traefik's but that Traefik does not read;
 *  - RL712 TLS Secrets an IngressRoute names that do not exist or cannot be used.
 * Rules that do not parse and references that do not resolve are reported when the
 * cluster is built (flavors/traefik/compile.ts), with the router Traefik drops.
 */
import type { Cluster, Controller } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Ingress } from '../model/resources.js';
import type { Route } from '../model/routeTable.js';
import type { TraefikMiddleware } from '../model/traefik.js';
import { TRAEFIK_CODES as C } from '../model/traefik.js';
import { routePriorities, ruleTrees } from '../flavors/traefik/tables.js';
import { indexMiddlewares, normalizeName, resolveChain } from '../flavors/traefik/middlewares.js';
import type { RuleNode } from '../flavors/traefik/rule.js';
import { KNOWN_ROUTER_ANNOTATIONS, ROUTER_ANNOTATION } from '../flavors/traefik/routers.js';
import { hostMatches } from '../path/routeMatch.js';
import { compileRegex } from '../util/regex.js';
import { closest } from './suggest.js';

export function lintTraefik(cluster: Cluster): Diagnostic[] {
  const controllers = cluster.controllers.filter((c) => c.family === 'traefik');
  if (controllers.length === 0) return [];
  const out: Diagnostic[] = [];
  for (const c of controllers) out.push(...lintRouterOrder(c));
  out.push(...lintMiddlewares(cluster));
  const nginxServed = new Set(
    cluster.controllers.filter((c) => c.family === 'nginx').flatMap((c) => c.claimed),
  );
  for (const c of controllers)
    for (const r of c.claimed) {
      if (r.kind === 'Ingress' && !nginxServed.has(r)) out.push(...lintIngressAnnotations(r));
      if (r.kind === 'IngressRoute' && r.tls?.certResolver && r.tls.domains.length === 0) {
        const hostless = r.routes.filter((route) => !/\bHost\(/i.test(route.match));
        if (hostless.length > 0)
          out.push({
            code: C.tls,
            severity: 'warning',
            message: `certResolver ${r.tls.certResolver} asks for a certificate for the Host names of the rule, and ${hostless.map((x) => x.match).join(', ')} has none (HostRegexp names no domain): Traefik logs "No domain found in rule" and serves its default certificate. List the names in tls.domains.`,
            source: r.locate(['spec', 'tls', 'certResolver']),
          });
      }
      if (r.kind === 'IngressRoute' && r.tls?.secretName) {
        const key = `${r.meta.namespace}/${r.tls.secretName}`;
        const cert = cluster.certificates.get(key);
        if (!cert || cert.unusable)
          out.push({
            code: C.tls,
            severity: 'error',
            message: `Secret ${key} ${cert?.unusable ?? 'does not exist'}: Traefik logs "Error configuring TLS" and answers with its default certificate (TRAEFIK DEFAULT CERT), which clients reject.`,
            source: r.locate(['spec', 'tls', 'secretName']),
          });
      }
    }
  return out;
}

// ---------------------------------------------------------------- router order

/** A conjunction routelab can compare: an optional host test, an optional path test, and the rest. */
interface Shape {
  readonly host?: { readonly kind: 'exact' | 'regex'; readonly value: string };
  readonly path?: { readonly kind: 'exact' | 'prefix'; readonly value: string };
  /** Conditions other than one host and one path (headers, methods, negations...). */
  readonly other: boolean;
}

/** The rule as alternatives of simple conjunctions, or undefined when it is too complex to compare. */
function shapes(n: RuleNode): Shape[] | undefined {
  if (n.kind === 'or') {
    const all: Shape[] = [];
    for (const a of n.args) {
      const s = shapes(a);
      if (!s) return undefined;
      all.push(...s);
    }
    return all;
  }
  const parts = n.kind === 'and' ? n.args : [n];
  let host: Shape['host'];
  let path: Shape['path'];
  let other = false;
  for (const p of parts) {
    if (p.kind !== 'matcher') {
      other = true;
      continue;
    }
    const v = p.args[0] ?? '';
    if ((p.name === 'Host' || p.name === 'HostRegexp') && !host)
      host = {
        kind: p.name === 'Host' ? 'exact' : 'regex',
        value: p.name === 'Host' ? v.toLowerCase() : v,
      };
    else if ((p.name === 'Path' || p.name === 'PathPrefix') && !path)
      path = { kind: p.name === 'Path' ? 'exact' : 'prefix', value: v };
    else other = true;
  }
  return [{ ...(host ? { host } : {}), ...(path ? { path } : {}), other }];
}

/** Does `a` match every request `b` matches? Only answers yes when sure. */
function covers(a: Shape, b: Shape): boolean {
  if (a.other) return false;
  if (a.host) {
    if (!b.host) return false;
    if (b.host.kind === 'exact') {
      if (a.host.kind === 'exact') {
        if (!hostMatches(b.host.value, a.host.value) && a.host.value !== b.host.value) return false;
      } else {
        const re = compileRegex(a.host.value);
        if (!re.ok || re.regex.exec(b.host.value) === null) return false;
      }
    } else if (a.host.kind !== 'regex' || a.host.value !== b.host.value) return false;
  }
  if (a.path) {
    if (!b.path) return false;
    if (a.path.kind === 'exact') return b.path.kind === 'exact' && b.path.value === a.path.value;
    return b.path.value.startsWith(a.path.value);
  }
  return true;
}

function lintRouterOrder(c: Controller): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const listener of c.listeners) {
    const routes = listener.table.fallback.routes.filter((r) => ruleTrees.has(r));
    const info = routes.map((r) => ({
      route: r,
      shapes: shapes(ruleTrees.get(r) as RuleNode),
      priority: priorityOf(r),
    }));
    for (let j = 0; j < info.length; j++) {
      const b = info[j];
      if (!b?.shapes || reported.has(b.route.id)) continue;
      for (let i = 0; i < j; i++) {
        const a = info[i];
        if (!a?.shapes) continue;
        const shadowed = b.shapes.every((sb) => a.shapes?.some((sa) => covers(sa, sb)));
        const overlap =
          a.priority === b.priority &&
          (shadowed || b.shapes.some((sb) => a.shapes?.some((sa) => covers(sb, sa))));
        if (a.priority === b.priority && overlap) {
          reported.add(b.route.id);
          out.push({
            code: C.tie,
            severity: 'warning',
            message: `${label(b.route)} and ${label(a.route)} (line ${a.route.source.range.startLine}) have the same priority ${b.priority} and can match the same requests: Traefik's order between them is undefined (it sorts routers with an unstable sort), so either may win. routelab puts ${label(a.route)} first. Give one of them a priority.`,
            source: b.route.source,
          });
          break;
        }
        if (shadowed) {
          reported.add(b.route.id);
          out.push({
            code: C.shadowed,
            severity: 'warning',
            message: `${label(b.route)} never wins on entry point ${listener.name}: ${label(a.route)} (line ${a.route.source.range.startLine}) comes first with priority ${a.priority} > ${b.priority} and matches every request this one matches. The default priority is the length of the rule, so a longer, broader rule (a HostRegexp, for one) beats a shorter exact one; set priority on this router.`,
            source: b.route.source,
          });
          break;
        }
      }
    }
  }
  return out;
}

function priorityOf(r: Route): number {
  return routePriorities.get(r) ?? Number.MAX_SAFE_INTEGER;
}

function label(r: Route): string {
  return `the router ${r.label.replace(/^router /, '').replace(/ \(priority -?\d+\)$/, '')}`;
}

// ---------------------------------------------------------------- middlewares

function lintMiddlewares(cluster: Cluster): Diagnostic[] {
  const mws = cluster.resources.filter((r): r is TraefikMiddleware => r.kind === 'Middleware');
  const index = indexMiddlewares(mws);
  const secrets = new Map(
    cluster.resources.flatMap((r) =>
      r.kind === 'Secret' ? [[`${r.meta.namespace}/${r.meta.name}`, r] as const] : [],
    ),
  );
  // Middlewares a router names are reported with the router Traefik drops (compile.ts).
  const used = new Set<string>();
  for (const r of cluster.resources) {
    if (r.kind === 'IngressRoute')
      for (const route of r.routes)
        for (const m of route.middlewares)
          used.add(
            m.name.includes('@')
              ? m.name
              : `${normalizeName(`${m.namespace ?? r.meta.namespace}-${m.name}`)}@kubernetescrd`,
          );
    if (r.kind === 'Ingress')
      for (const m of (r.meta.annotations[`${ROUTER_ANNOTATION}middlewares`] ?? '').split(','))
        used.add(m.trim());
  }
  const out: Diagnostic[] = [];
  for (const [key, m] of index) {
    if (used.has(key)) continue;
    const r = resolveChain([{ key, source: m.source }], {
      index,
      secrets,
      allowCrossNamespace: true,
      trustForwardedFor: false,
    });
    if (!r.ok)
      out.push({
        code: r.code === 'unknownMiddleware' ? C.unknownMiddleware : C.badMiddleware,
        severity: 'warning',
        message: `Traefik cannot build Middleware ${m.meta.namespace}/${m.meta.name}: ${r.reason}. Every router that uses it is dropped. (Traefik logs: ${r.log})`,
        source: r.source,
      });
  }
  return out;
}

// ---------------------------------------------------------------- annotations

/** What ingress-nginx annotations do, and the Traefik way to get it. */
const NGINX_EQUIVALENTS: readonly [string, string][] = [
  ['rewrite-target', 'a StripPrefix or ReplacePathRegex Middleware'],
  [
    'ssl-redirect',
    'a RedirectScheme Middleware, or the entry point redirection of web to websecure',
  ],
  ['force-ssl-redirect', 'a RedirectScheme Middleware'],
  ['whitelist-source-range', 'an IPAllowList Middleware'],
  ['allowlist-source-range', 'an IPAllowList Middleware'],
  ['limit-rps', 'a RateLimit Middleware'],
  ['limit-rpm', 'a RateLimit Middleware with period: 1m'],
  ['limit-connections', 'an InFlightReq Middleware'],
  ['auth-type', 'a BasicAuth Middleware'],
  ['enable-cors', 'a Headers Middleware (accessControl* fields)'],
  ['proxy-next-upstream-tries', 'a Retry Middleware'],
  ['use-regex', 'a PathRegexp matcher (router.pathmatcher: PathRegexp)'],
];

function lintIngressAnnotations(ing: Ingress): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (key: string) => ing.locate(['metadata', 'annotations', key]);
  for (const key of Object.keys(ing.meta.annotations)) {
    if (key.startsWith('nginx.ingress.kubernetes.io/')) {
      const name = key.slice('nginx.ingress.kubernetes.io/'.length);
      const instead = NGINX_EQUIVALENTS.find(([n]) => n === name)?.[1];
      out.push({
        code: C.wrongFamily,
        severity: 'warning',
        message: `${key} is an ingress-nginx annotation; Traefik serves this Ingress and ignores it.${instead ? ` In Traefik, use ${instead} and name it in traefik.ingress.kubernetes.io/router.middlewares.` : ''}`,
        source: at(key),
      });
      continue;
    }
    if (key.startsWith(ROUTER_ANNOTATION)) {
      const name = key.slice(ROUTER_ANNOTATION.length);
      if (
        !(KNOWN_ROUTER_ANNOTATIONS as readonly string[]).includes(name) &&
        !/^tls\.domains\.\d+\.(main|sans)$/.test(name)
      ) {
        const guess = closest(name, KNOWN_ROUTER_ANNOTATIONS);
        out.push({
          code: C.annotation,
          severity: 'warning',
          message: `Traefik has no router annotation ${key}${guess ? `; did you mean ${ROUTER_ANNOTATION}${guess}?` : ''}. It is ignored.`,
          source: at(key),
          ...(guess
            ? {
                fix: {
                  title: `Use ${ROUTER_ANNOTATION}${guess}`,
                  edit: {
                    line: at(key).range.startLine,
                    find: key,
                    replace: `${ROUTER_ANNOTATION}${guess}`,
                  },
                },
              }
            : {}),
        });
      }
      continue;
    }
    if (key.startsWith('traefik.ingress.kubernetes.io/service.')) {
      out.push({
        code: C.annotation,
        severity: 'warning',
        message: `${key} is read on the Service, not on the Ingress: Traefik ignores it here.`,
        source: at(key),
      });
      continue;
    }
    const m = /^traefik\.io\/(router\..+)$/.exec(key);
    if (m) {
      const right = `traefik.ingress.kubernetes.io/${m[1] ?? ''}`;
      out.push({
        code: C.annotation,
        severity: 'warning',
        message: `Traefik reads Ingress annotations under traefik.ingress.kubernetes.io/, so ${key} is ignored: the router keeps its defaults (for entrypoints: every entry point). Write ${right}.`,
        source: at(key),
        fix: {
          title: `Use ${right}`,
          edit: { line: at(key).range.startLine, find: key, replace: right },
        },
      });
      continue;
    }
    if (
      key.startsWith('traefik.frontend.') ||
      key.startsWith('traefik.ingress.kubernetes.io/') ||
      key.startsWith('traefik.io/')
    )
      out.push({
        code: C.annotation,
        severity: 'warning',
        message: `${key} is not an annotation Traefik v3 reads (Traefik v1 annotations were removed in v2); it is ignored.`,
        source: at(key),
      });
  }
  return out;
}
