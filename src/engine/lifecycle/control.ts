/**
 * Stages 1–5: from `kubectl apply` to the proxy running the new configuration. The API
 * server stores the objects (validation, admission), the controller's watch picks them
 * up and filters by class, the configuration is generated, TLS Secrets are loaded, and
 * the proxy reloads or takes a dynamic update.
 */
import type { Controller } from '../model/cluster.js';
import type { SourceRef } from '../model/source.js';
import { CLASS_ANNOTATION, chooseDefaultClass } from '../cluster/classes.js';
import type { IngressClass } from '../model/resources.js';
import { controllerVirtualHosts } from '../path/listeners.js';
import { idOf, stageProblems, type LifecycleContext } from './context.js';
import { PART_WORDS, type ConfigPart } from './fingerprint.js';
import {
  API_SERVER_MS,
  NGINX_STATUS_INTERVAL_MS,
  NGINX_WEBHOOK_MS,
  propagationFor,
} from './propagation.js';
import type { LifecycleOutcome, LifecycleProblem, LifecycleStage } from './types.js';
import { kubectlInvalid, kubectlLine, ms } from './words.js';

function outcomeOf(problems: readonly LifecycleProblem[], failed = false): LifecycleOutcome {
  if (failed || problems.some((p) => p.severity === 'error')) return 'fail';
  return problems.some((p) => p.severity === 'warning') ? 'warning' : 'ok';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function controllerName(c: Controller | undefined): string {
  if (!c) return 'no controller';
  return `${propagationFor(c.family, c).product} controller ${c.id}`;
}

export function apiServerStage(ctx: LifecycleContext): LifecycleStage {
  const problems = stageProblems(ctx, 'apiServer');
  const visible: string[] = [];
  const refusedIds = new Set<string>();
  for (const ref of ctx.rejected) {
    refusedIds.add(idOf(ref));
    const d = ctx.loadDiagnostics.find(
      (x) => x.severity === 'error' && x.source !== undefined && idOf(x.source) === idOf(ref),
    );
    visible.push(`Error from server (Invalid): ${kubectlInvalid(ref.kind, ref.name, d)}`);
  }
  const webhookDenied = ctx.clusterDiagnostics.filter(
    (d) =>
      d.code === 'RL206' &&
      d.source !== undefined &&
      (ctx.mode === 'initial' || ctx.changedIds.has(idOf(d.source))),
  );
  for (const d of webhookDenied) {
    if (!d.source) continue;
    refusedIds.add(idOf(d.source));
    visible.push(
      `Error from server (BadRequest): error when creating "${d.source.file ?? 'manifest.yaml'}": admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: ${d.message.split(':')[0] ?? d.message}`,
    );
  }
  visible.unshift(...ctx.changes.filter((c) => !refusedIds.has(idOf(c))).map(kubectlLine));
  // The DefaultIngressClass admission plugin fills in ingressClassName on CREATE ([K8S-ADM]).
  const classes = ctx.after.resources.filter((r): r is IngressClass => r.kind === 'IngressClass');
  const defaulting = chooseDefaultClass(classes);
  const notes: string[] = [];
  for (const c of ctx.changes) {
    if (c.kind !== 'Ingress' || c.action !== 'created' || !defaulting.defaultClass) continue;
    const ing = ctx.after.resources.find(
      (r) => r.kind === 'Ingress' && r.meta.namespace === c.namespace && r.meta.name === c.name,
    );
    if (
      ing?.kind === 'Ingress' &&
      ing.ingressClassName === undefined &&
      ing.meta.annotations[CLASS_ANNOTATION] === undefined
    )
      notes.push(
        `The DefaultIngressClass admission plugin sets spec.ingressClassName: ${defaulting.defaultClass.meta.name} on Ingress ${c.namespace}/${c.name} (it has none, and ${defaulting.defaultClass.meta.name} is the default class).`,
      );
  }
  const durationMs = API_SERVER_MS + (ctx.webhook ? NGINX_WEBHOOK_MS : 0);
  const stored = ctx.changes.filter((c) => !refusedIds.has(idOf(c))).length;
  const allRefused = refusedIds.size > 0 && stored === 0;
  const nothing = ctx.changes.length === 0 && ctx.rejected.length === 0;
  return {
    id: 'apiServer',
    step: 1,
    title: 'The API server stores the objects',
    component: ctx.webhook
      ? 'kube-apiserver, with the admission webhook of ingress-nginx'
      : 'kube-apiserver',
    outcome: nothing ? 'unchanged' : allRefused ? 'fail' : outcomeOf(problems),
    summary: nothing
      ? 'nothing to apply: the objects are unchanged'
      : `${count(stored, 'object')} stored${refusedIds.size > 0 ? `, ${refusedIds.size} refused` : ''}`,
    happens: [
      'kubectl sends each object to kube-apiserver, which checks it against the schema (an Ingress path needs a pathType; Exact and Prefix paths start with "/"), runs the admission plugins and stores it in etcd.',
      ctx.webhook
        ? "ingress-nginx's validating webhook receives every Ingress first: it renders the whole configuration with the new object and runs nginx -t, and refuses what would break it (strict-validate-path-type refuses regex characters in Exact and Prefix paths)."
        : '',
      ...notes,
    ]
      .filter(Boolean)
      .join(' '),
    startMs: 0,
    endMs: durationMs,
    timing: `storing an object: ${ms(API_SERVER_MS)} (assumed)${ctx.webhook ? `; the webhook's render and nginx -t: ${ms(NGINX_WEBHOOK_MS)} (assumed)` : ''}`,
    visible,
    problems,
    sources: ctx.changes.flatMap((c) => (c.source ? [c.source] : [])),
  };
}

export function watchStage(ctx: LifecycleContext, refused: ReadonlySet<string>): LifecycleStage {
  // An object the API server refused never reaches a controller: no "no controller serves it".
  const problems = stageProblems(ctx, 'controllerWatch').filter(
    (p) => !(p.source && refused.has(idOf(p.source))),
  );
  const t = ctx.timeline;
  const visible: string[] = [];
  const lines: string[] = [];
  const sources: SourceRef[] = [];
  for (const c of ctx.after.controllers) {
    const product = propagationFor(c.family, c).product;
    const claimedChanged = c.claimed.filter(
      (r) => ctx.mode === 'initial' || ctx.changedIds.has(idOf(r.source)),
    );
    const ignoredChanged = c.ignored.filter(
      (i) => ctx.mode === 'initial' || ctx.changedIds.has(idOf(i.resource.source)),
    );
    for (const r of claimedChanged) {
      sources.push(r.source);
      if (c.family === 'nginx' && r.kind === 'Ingress')
        visible.push(
          `kubectl describe ingress -n ${r.meta.namespace} ${r.meta.name}: Normal  Sync  nginx-ingress-controller  Scheduled for sync`,
        );
    }
    if (claimedChanged.length > 0)
      lines.push(
        `${product} (${c.id}) takes ${claimedChanged.map((r) => `${r.kind} ${r.meta.namespace}/${r.meta.name}`).join(', ')}.`,
      );
    for (const i of ignoredChanged) {
      sources.push(i.resource.source);
      lines.push(
        `${product} (${c.id}) ignores ${i.resource.kind} ${i.resource.meta.namespace}/${i.resource.meta.name}: ${i.reason}.`,
      );
      if (c.family === 'nginx' && i.resource.kind === 'Ingress')
        visible.push(
          `controller log: "Ignoring ingress because of error while validating ingress class" ingress="${i.resource.meta.namespace}/${i.resource.meta.name}" error="ingress does not contain a valid IngressClass"`,
        );
    }
  }
  const endpointKinds = new Set([
    'Deployment',
    'StatefulSet',
    'DaemonSet',
    'Pod',
    'Service',
    'EndpointSlice',
    'Endpoints',
  ]);
  const workloads = ctx.changes.filter((c) => endpointKinds.has(c.kind));
  if (workloads.length > 0 && ctx.mode === 'change')
    lines.push(
      `${workloads.map((c) => `${c.kind} ${c.namespace}/${c.name}`).join(', ')} changed: the EndpointSlice controller updates the Services' endpoints, and the controllers' informers receive them.`,
    );
  const secrets = ctx.changes.filter((c) => c.kind === 'Secret' || c.kind === 'ConfigMap');
  if (secrets.length > 0 && ctx.mode === 'change')
    lines.push(
      `${secrets.map((c) => `${c.kind} ${c.namespace}/${c.name}`).join(', ')} changed: the controllers that watch ${secrets.length === 1 ? 'it' : 'them'} receive the new version.`,
    );
  const unclaimed = problems.filter((p) => p.code === 'RL208');
  if (unclaimed.length > 0)
    visible.push(
      'kubectl get ingress: the ADDRESS column stays empty; kubectl describe ingress: Events: <none>',
    );
  const anyChangeSeen = ctx.changes.length > 0;
  return {
    id: 'controllerWatch',
    step: 2,
    title: "The controller's watch picks the change up",
    component: controllerName(ctx.focus),
    outcome: !anyChangeSeen ? 'unchanged' : outcomeOf(problems),
    summary:
      unclaimed.length > 0
        ? `${unclaimed.length} routing object${unclaimed.length === 1 ? '' : 's'} no controller takes`
        : anyChangeSeen
          ? `${ms(t.watchEndMs - t.apiEndMs)} later the controller has the event`
          : 'no event',
    happens: [
      'Each controller watches the API server through informers (Ingresses or its routes, IngressClasses, Services, EndpointSlices, Secrets, its ConfigMap) and keeps only the routing objects of its own class.',
      ...lines,
    ].join(' '),
    startMs: t.apiEndMs,
    endMs: t.watchEndMs,
    timing: `the watch event: ${ms(t.watchEndMs - t.apiEndMs)} (assumed)`,
    visible,
    problems,
    sources,
  };
}

export function buildStage(ctx: LifecycleContext): LifecycleStage {
  const problems = stageProblems(ctx, 'configGenerated');
  const t = ctx.timeline;
  const p = ctx.propagation;
  const focus = ctx.focus;
  const update = ctx.updates.find((u) => u.controller === focus?.id);
  const how =
    focus?.family === 'nginx'
      ? 'ingress-nginx rebuilds its whole model from every Ingress of its class, oldest first (one server per host, the oldest Ingress wins a path defined twice), and compares it with the running one.'
      : focus?.family === 'traefik'
        ? 'Traefik builds its dynamic configuration (routers, services, middlewares) from the resources of its providers.'
        : focus
          ? `${p?.product ?? 'The controller'} builds its model of listeners, virtual hosts, routes and clusters and translates it to xDS.`
          : 'No controller serves these resources, so nothing is generated.';
  const visible: string[] = [];
  if (focus?.family === 'nginx' && update?.update === 'none')
    visible.push(
      'controller log (-v=3): "No configuration change detected, skipping backend reload"',
    );
  return {
    id: 'configGenerated',
    step: 3,
    title: 'The configuration is generated',
    component: controllerName(focus),
    outcome: !focus
      ? 'skipped'
      : problems.length === 0 && (update?.update === 'none' || update?.update === 'refused')
        ? 'unchanged'
        : outcomeOf(problems),
    summary: update
      ? update.parts.length > 0
        ? `changed: ${update.parts.map((x) => PART_WORDS[x as ConfigPart] ?? x).join(', ')}`
        : 'nothing it serves changed'
      : 'no controller',
    happens: `${how}${p ? ` ${p.queue}.` : ''}${update ? ` ${update.explanation}` : ''}`,
    startMs: t.watchEndMs,
    endMs: t.buildEndMs,
    timing: p
      ? `waiting for the build: ${ms(t.buildStartMs - t.watchEndMs)}; building: ${ms(t.buildEndMs - t.buildStartMs)} (assumed)`
      : 'none',
    visible,
    problems,
    sources: focus ? [focus.source] : [],
  };
}

export function tlsSecretStage(ctx: LifecycleContext): LifecycleStage {
  const problems = stageProblems(ctx, 'tlsSecret');
  const focus = ctx.focus;
  const t = ctx.timeline;
  const vhosts = focus ? controllerVirtualHosts(focus) : [];
  const relevant = vhosts.filter(
    (v) =>
      v.tls !== undefined &&
      (ctx.mode === 'initial' ||
        v.sources.some((s) => ctx.changedIds.has(idOf(s))) ||
        (v.tls.secret !== undefined && ctx.changedIds.has(`Secret/${v.tls.secret}`))),
  );
  const visible: string[] = [];
  const lines: string[] = [];
  const product = focus ? propagationFor(focus.family, focus).product : '';
  for (const v of relevant) {
    const tls = v.tls;
    if (!tls) continue;
    if (tls.secret)
      lines.push(
        `${v.hostname ?? '(any host)'} is served with the certificate of Secret ${tls.secret}.`,
      );
    else if (tls.automatic)
      lines.push(`${v.hostname ?? '(any host)'} gets a certificate from ${tls.automatic.issuer}.`);
    else {
      lines.push(
        `${v.hostname ?? '(any host)'} gets the default certificate: ${tls.defaultReason ?? 'no Secret applies'}.`,
      );
      problems.push({
        severity: 'error',
        what: `${v.hostname ?? '(any host)'}: ${tls.defaultReason ?? 'no usable Secret'}`,
        symptom: `${product} serves its default certificate${focus?.family === 'nginx' ? ' ("Kubernetes Ingress Controller Fake Certificate")' : ''}: browsers show a certificate error`,
        source: tls.source,
      });
      if (focus?.family === 'nginx' && tls.defaultReason?.includes('does not exist')) {
        const key = /Secret (\S+) does not exist/.exec(tls.defaultReason)?.[1] ?? '';
        visible.push(
          `controller log: Error getting SSL certificate "${key}": local SSL certificate ${key} was not found. Using default certificate`,
        );
      }
    }
  }
  const none = relevant.length === 0 && problems.length === 0;
  return {
    id: 'tlsSecret',
    step: 4,
    title: 'The TLS Secret is loaded',
    component: controllerName(focus),
    outcome: none ? 'unchanged' : outcomeOf(dedupe(problems)),
    summary: none
      ? 'no TLS section involved'
      : `${relevant.length} host${relevant.length === 1 ? '' : 's'} with TLS`,
    happens: none
      ? 'The change names no TLS Secret, so no certificate is loaded.'
      : `The controller reads the kubernetes.io/tls Secrets the TLS sections name (keys tls.crt and tls.key; the certificate must cover the host). ${lines.join(' ')}`,
    startMs: t.buildStartMs,
    endMs: t.buildEndMs,
    timing: 'part of the build',
    visible,
    problems: dedupe(problems),
    sources: relevant.flatMap((v) => (v.tls ? [v.tls.source] : [])),
  };
}

function dedupe(ps: readonly LifecycleProblem[]): LifecycleProblem[] {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const key = `${p.code ?? ''}|${p.what}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function proxyStage(
  ctx: LifecycleContext,
  beforeAnswer: string | undefined,
): LifecycleStage {
  const problems = stageProblems(ctx, 'proxyUpdate');
  const t = ctx.timeline;
  const focus = ctx.focus;
  const p = ctx.propagation;
  const update = ctx.updates.find((u) => u.controller === focus?.id);
  const visible: string[] = [];
  let happens = 'No proxy takes this change.';
  let timing = 'none';
  if (focus && p && update) {
    switch (update.update) {
      case 'reload':
        happens = `${p.structural.how}.`;
        timing = `nginx -t and the reload: ${ms(p.structural.ms)} (assumed)`;
        if (focus.family === 'nginx') {
          visible.push(
            'controller log: "Configuration changes detected, backend reload required"',
            'controller log: "Backend successfully reloaded"',
            `kubectl get events -n ${focus.id.split('/')[0] ?? ''}: Normal  RELOAD  pod/${focus.replicas[0] ?? 'controller'}  NGINX reload triggered due to a change in configuration`,
          );
          problems.push({
            severity: 'info',
            what: `old nginx workers keep the connections they hold for up to worker-shutdown-timeout (${ms(p.structural.drainMs ?? 0)})`,
            symptom:
              'long-lived connections (WebSockets, streams) stay on the old configuration until they close; every reload also resets load-balancing state',
          });
        }
        break;
      case 'dynamic': {
        const parts = update.parts;
        happens =
          parts.includes('certificates') &&
          !parts.includes('endpoints') &&
          !parts.includes('backends')
            ? `${p.certificates.how}.`
            : `${p.endpoints.how}.`;
        const endpointsChanged = parts.includes('endpoints') || parts.includes('backends');
        timing =
          endpointsChanged && p.endpoints.syncIntervalMs !== undefined
            ? `no reload; the workers' next ${ms(p.endpoints.syncIntervalMs)} sync`
            : 'no reload';
        visible.push('no RELOAD event: nginx keeps running with the same nginx.conf');
        if (focus.family === 'nginx' && endpointsChanged)
          visible.push(
            `kubectl ingress-nginx backends -n ${focus.id.split('/')[0] ?? ''}: lists the new endpoints`,
          );
        break;
      }
      case 'push':
        happens = `${update.parts.length === 1 && update.parts[0] === 'endpoints' ? p.endpoints.how : update.parts.length === 1 && update.parts[0] === 'certificates' ? p.certificates.how : p.structural.how}.`;
        timing = `the xDS push: ${ms(p.structural.ms)} (assumed)`;
        visible.push('Envoy admin /config_dump: the new version of the changed resources');
        break;
      case 'memory':
        happens = `${p.structural.how}.`;
        timing = 'no restart';
        break;
      case 'none':
        happens = `Nothing ${p.product} serves changed, so its proxy keeps running as it was.`;
        break;
      case 'refused':
        happens =
          'The API server refused the change, so nothing reaches the proxy: it keeps the configuration it had.';
        break;
    }
    if (focus.family === 'nginx' && (update.update === 'reload' || update.update === 'dynamic'))
      visible.push(
        `kubectl get ingress: ADDRESS ${focus.address} once the controller's status sync runs (every ${ms(NGINX_STATUS_INTERVAL_MS)})`,
      );
    if (beforeAnswer && update.programmedAtMs !== null && update.programmedAtMs > 0)
      visible.push(`until ${ms(update.programmedAtMs)}: ${beforeAnswer}`);
  }
  const changed =
    update &&
    (update.update === 'reload' ||
      update.update === 'dynamic' ||
      update.update === 'push' ||
      update.update === 'memory');
  return {
    id: 'proxyUpdate',
    step: 5,
    title: 'The proxy reloads or takes a dynamic update',
    component: focus
      ? `${p?.product ?? ''} proxy of ${focus.id} (${focus.replicas.length} replica${focus.replicas.length === 1 ? '' : 's'})`
      : 'no proxy',
    outcome: !focus
      ? 'skipped'
      : changed
        ? outcomeOf(problems)
        : update?.update === 'refused'
          ? 'fail'
          : 'unchanged',
    summary: update
      ? update.update === 'none'
        ? 'no update'
        : update.update === 'refused'
          ? 'refused: the proxy keeps its configuration'
          : `${update.update === 'reload' ? 'reload' : update.update === 'dynamic' ? 'dynamic update, no reload' : update.update === 'push' ? 'xDS push, no restart' : 'in-memory update'}; serving from ${ms(update.programmedAtMs ?? 0)}`
      : 'no proxy',
    happens,
    startMs: t.buildEndMs,
    endMs: t.programmedMs,
    timing,
    visible,
    problems,
    sources: focus ? [focus.source] : [],
  };
}
