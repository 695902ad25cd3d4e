/**
 * `routelab config`: the configuration each proxy runs for the manifests: ingress-nginx's
 * nginx.conf, the xDS an Envoy-based controller pushes, Traefik's dynamic configuration.
 */
import { configFormat, proxyConfig, sortDiagnostics, type Controller } from '../../engine/index.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { controllersNamed, loadCluster } from '../load.js';
import { configToJson, configToYaml } from '../render/configOutput.js';
import { printDiagnostics } from './diagnostics.js';

export interface ConfigCommandOptions {
  readonly filename?: readonly string[];
  readonly controller?: string;
  readonly plain?: boolean;
  readonly strict?: boolean;
  readonly output?: string;
}

export async function configCommand(o: ConfigCommandOptions, io: Io): Promise<number> {
  const { load, cluster } = await loadCluster(o.filename ?? [], io, o.strict ?? false);
  const controllers: readonly Controller[] = o.controller
    ? controllersNamed(cluster, o.controller)
    : cluster.controllers;
  if (o.output === 'nginx') {
    const other = controllers.find((c) => configFormat(c.family) !== 'nginx');
    if (other)
      throw new UsageError(
        `controller ${other.id} is ${other.family}: it does not run nginx.conf; use -o yaml or -o json${cluster.controllers.length > 1 ? ', or choose one with --controller' : ''}`,
      );
  }
  if (o.plain && controllers.some((c) => c.family !== 'nginx'))
    throw new UsageError(
      '--plain renders nginx.conf for plain nginx: choose an ingress-nginx controller',
    );
  const configs = controllers.map((c) =>
    proxyConfig(cluster, c, o.plain ? { nginx: { mode: 'plain' } } : {}),
  );
  const output = o.output ?? 'text';
  if (output === 'json') {
    io.stdout(`${JSON.stringify(configToJson(configs), null, 2)}\n`);
    return EXIT.ok;
  }
  printDiagnostics(
    sortDiagnostics([...load.diagnostics, ...cluster.diagnostics]),
    o.filename ?? [],
    io,
  );
  const parts: string[] = [];
  for (const c of configs) {
    const text =
      c.format === 'nginx' && output !== 'yaml' ? c.text : configToYaml(c, configs.length > 1);
    parts.push(
      configs.length > 1 && c.format === 'nginx' && output !== 'yaml'
        ? `# ---- ${c.controller} (${c.family})\n${text}`
        : text,
    );
    if (c.notes.length > 0) io.stderr(`routelab: ${c.controller}: ${c.notes.join('; ')}\n`);
  }
  io.stdout(parts.join(configs.length > 1 && output !== 'yaml' ? '\n' : ''));
  return EXIT.ok;
}
