/**
 * The cluster as its proxies still run it before a change is programmed: every
 * controller with the configuration and endpoints it had (`previous`), while DNS already
 * answers as it does now. A request sent in that window is answered by the old routes.
 */
import type { Cluster } from '../model/cluster.js';
import type { Trace } from '../model/trace.js';
import { ms } from './words.js';

export function notYetProgrammed(now: Cluster, previous: Cluster): Cluster {
  const addresses = new Set(previous.controllers.map((c) => c.address));
  const dns = [
    ...previous.dns,
    ...now.dns.filter(
      (r) => addresses.has(r.address) && !previous.dns.some((p) => p.name === r.name),
    ),
  ];
  return { ...previous, dns };
}

/** Tells, in a trace, whether the proxy had the new configuration when the request came. */
export function programmedNote(
  t: Trace,
  p: { readonly atMs: number; readonly programmedAtMs: number },
  early: boolean,
): Trace {
  const note = early
    ? `Not yet programmed: the request comes ${ms(p.atMs)} after the change and the proxy serves the new configuration only from ${ms(p.programmedAtMs)}, so the configuration from before the change answers.`
    : `The proxy has served the new configuration since ${ms(p.programmedAtMs)}; the request comes at ${ms(p.atMs)}.`;
  const stages = t.stages.map((s) =>
    s.id === 'controller' && s.outcome !== 'skipped'
      ? {
          ...s,
          summary: early ? `${s.summary} (old configuration: not yet programmed)` : s.summary,
          explanation: `${note} ${s.explanation}`,
        }
      : s,
  );
  return {
    ...t,
    stages,
    summary: early ? `${t.summary} (not yet programmed: old configuration)` : t.summary,
    explanation: `${note} ${t.explanation}`,
    assumptions: [...t.assumptions, note],
  };
}
