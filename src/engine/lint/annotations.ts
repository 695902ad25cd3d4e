/**
 * Annotations on Ingresses that ingress-nginx serves: names that do not exist,
 * ConfigMap-only keys, other controllers' annotations, and combinations that do nothing.
 */
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Ingress } from '../model/resources.js';
import {
  FOREIGN_ANNOTATION_PREFIXES,
  findNginxKey,
  NGINX_ANNOTATION_PREFIX,
  NGINX_KEYS,
  NGINX_MISNOMERS,
} from '../flavors/nginx/catalogue.js';
import { closest } from './suggest.js';

// Annotation names looked up on every lint, made once: a key built in each call is a new
// string each time, and V8 then throws away the function's optimized code on every lint
// ("unexpected name in keyed access") and compiles it again.
const ENABLE_CORS = `${NGINX_ANNOTATION_PREFIX}enable-cors`;
const CORS_PREFIX = `${NGINX_ANNOTATION_PREFIX}cors-`;
const REWRITE_TARGET = `${NGINX_ANNOTATION_PREFIX}rewrite-target`;

const ANNOTATION_NAMES = NGINX_KEYS.filter((k) => k.scope !== 'configmap').flatMap((k) => [
  k.name,
  ...(k.aliases ?? []),
]);

export function lintNginxAnnotations(cluster: Cluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const served = new Set(
    cluster.controllers.filter((c) => c.family === 'nginx').flatMap((c) => c.claimed),
  );
  // An Ingress only another family serves is linted by that family (lint/traefik.ts).
  const elsewhere = new Set(
    cluster.controllers.filter((c) => c.family !== 'nginx').flatMap((c) => c.claimed),
  );
  for (const r of cluster.resources) {
    if (r.kind !== 'Ingress') continue;
    if (!served.has(r) && cluster.controllers.every((c) => c.family !== 'nginx')) continue;
    if (!served.has(r) && elsewhere.has(r)) continue;
    out.push(...lintIngress(r));
  }
  return out;
}

function lintIngress(ing: Ingress): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ann = ing.meta.annotations;
  const at = (key: string) => ing.locate(['metadata', 'annotations', key]);
  const short = (key: string) => key.slice(NGINX_ANNOTATION_PREFIX.length);
  for (const key of Object.keys(ann)) {
    if (!key.startsWith(NGINX_ANNOTATION_PREFIX)) {
      const foreign = FOREIGN_ANNOTATION_PREFIXES.find((f) => key.startsWith(f.prefix));
      if (foreign && !foreign.harmless)
        out.push({
          code: 'RL203',
          severity: 'warning',
          message: `${key} belongs to ${foreign.owner}; ingress-nginx ignores it.`,
          source: at(key),
        });
      continue;
    }
    const name = short(key);
    const misnomer = NGINX_MISNOMERS.find((m) => m.name === name);
    const known = findNginxKey(name);
    if (misnomer && !known) {
      const suggestion = misnomer.suggest?.[0];
      out.push({
        code: 'RL201',
        severity: 'warning',
        message: `${key} does not exist in ingress-nginx and is silently ignored: ${misnomer.advice}`,
        source: at(key),
        ...(suggestion
          ? {
              fix: {
                title: `Use ${NGINX_ANNOTATION_PREFIX}${suggestion}`,
                edit: {
                  line: at(key).range.startLine,
                  find: `${key}:`,
                  replace: `${NGINX_ANNOTATION_PREFIX}${suggestion}:`,
                },
              },
            }
          : {}),
      });
      continue;
    }
    if (!known) {
      const guess = closest(name, ANNOTATION_NAMES);
      out.push({
        code: 'RL201',
        severity: 'warning',
        message: `${key} is not an ingress-nginx annotation and is ignored.${guess ? ` Did you mean ${NGINX_ANNOTATION_PREFIX}${guess}?` : ''}`,
        source: at(key),
        ...(guess
          ? {
              fix: {
                title: `Rename to ${guess}`,
                edit: {
                  line: at(key).range.startLine,
                  find: `${key}:`,
                  replace: `${NGINX_ANNOTATION_PREFIX}${guess}:`,
                },
              },
            }
          : {}),
      });
      continue;
    }
    if (known.removedIn) {
      out.push({
        code: 'RL201',
        severity: 'warning',
        message: `${key} was removed in ingress-nginx ${known.removedIn} and is ignored.`,
        source: at(key),
      });
      continue;
    }
    if (known.scope === 'configmap') {
      out.push({
        code: 'RL202',
        severity: 'warning',
        message: `${name} is a ConfigMap key of the controller, not an annotation: on an Ingress it is ignored. Set it in the controller's ConfigMap (it then applies to every Ingress).`,
        source: at(key),
      });
      continue;
    }
    const value = ann[key] ?? '';
    if (known.values && !known.values.some((v) => v.toLowerCase() === value.trim().toLowerCase()))
      out.push({
        code: 'RL207',
        severity: 'warning',
        message: `${key}: "${value}" is not one of ${known.values.join(', ')}; ingress-nginx ignores it.`,
        source: at(key),
      });
  }
  const enableCors = ann[ENABLE_CORS] === 'true';
  for (const key of Object.keys(ann)) {
    if (key.startsWith(CORS_PREFIX) && !enableCors)
      out.push({
        code: 'RL204',
        severity: 'warning',
        message: `${key} has no effect without ${ENABLE_CORS}: "true"; ingress-nginx emits the CORS block only when it is enabled.`,
        source: at(key),
        fix: { title: 'Add enable-cors: "true"' },
      });
  }
  out.push(...lintRewrite(ing));
  return out;
}

function lintRewrite(ing: Ingress): Diagnostic[] {
  const key = REWRITE_TARGET;
  const target = ing.meta.annotations[key];
  if (target === undefined) return [];
  const src = ing.locate(['metadata', 'annotations', key]);
  const out: Diagnostic[] = [];
  const refs = [...target.matchAll(/\$(\d)/g)].map((m) => Number(m[1]));
  for (const rule of ing.rules) {
    for (const p of rule.paths) {
      const groups = countGroups(p.path);
      const maxRef = Math.max(0, ...refs);
      if (refs.length === 0 && p.path !== '/' && p.path !== '' && p.path !== target) {
        out.push({
          code: 'RL205',
          severity: 'warning',
          message: `rewrite-target "${target}" has no capture group reference, so every request under ${p.path} reaches the pod as "${target}" (${p.path}/a/b → ${target}). To keep the rest of the path, capture it: path ${p.path.replace(/\/$/, '')}(/|$)(.*) with rewrite-target /$2 (and pathType ImplementationSpecific).`,
          source: src,
        });
      } else if (maxRef > groups) {
        out.push({
          code: 'RL205',
          severity: 'warning',
          message: `rewrite-target "${target}" uses $${maxRef}, but path "${p.path}" has only ${groups} capture group(s): the reference becomes empty.`,
          source: p.source,
        });
      }
    }
  }
  return dedupeByMessage(out);
}

function countGroups(pattern: string): number {
  let n = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') {
      i++;
      continue;
    }
    if (pattern[i] === '(' && pattern[i + 1] !== '?') n++;
    else if (
      pattern[i] === '(' &&
      pattern.slice(i, i + 3) === '(?<' &&
      pattern[i + 3] !== '=' &&
      pattern[i + 3] !== '!'
    )
      n++;
  }
  return n;
}

function dedupeByMessage(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => (seen.has(d.message) ? false : (seen.add(d.message), true)));
}
