/** Stage 3: the controller that received the connection, and what it was configured with. */
import type { Controller } from '../model/cluster.js';
import type { FamilyBehaviour } from '../model/family.js';
import type { WireRequest } from '../model/request.js';
import type { SourceRef } from '../model/source.js';
import type { NetworkTimings } from '../sim/network.js';
import type { TraceBuilder } from './builder.js';

export function controllerStage(
  t: TraceBuilder,
  controller: Controller,
  family: FamilyBehaviour,
  req: WireRequest,
  timings: NetworkTimings,
): void {
  const host = req.hostHeader.replace(/:\d+$/, '').toLowerCase();
  const ignoredHere = controller.ignored.filter(({ hosts }) => hosts.includes(host));
  const sources: SourceRef[] = [controller.source, ...ignoredHere.map((i) => i.resource.source)];
  if (controller.configMap) sources.push(controller.configMap.source);
  const parts = [
    `${family.product} (${controller.id}, ${controller.replicas.length} replica${controller.replicas.length === 1 ? '' : 's'}) serves ${controller.summary}.`,
  ];
  if (controller.configMap)
    parts.push(
      `Its ConfigMap ${controller.configMap.meta.namespace}/${controller.configMap.meta.name} sets the global defaults.`,
    );
  for (const { resource, reason } of ignoredHere)
    parts.push(
      `${resource.kind} ${resource.meta.namespace}/${resource.meta.name} names ${host} but this controller ignores it: ${reason}.`,
    );
  t.stage(
    'controller',
    'ok',
    `${family.product} ${controller.id}${ignoredHere.length > 0 ? ` (ignores ${ignoredHere.length} resource${ignoredHere.length === 1 ? '' : 's'} for this host)` : ''}`,
    parts.join(' '),
    {
      sources,
      // The request itself travels half a round trip before the controller reads it.
      durationMs: timings.clientRttMs / 2 + timings.proxyProcessingMs,
    },
  );
}
