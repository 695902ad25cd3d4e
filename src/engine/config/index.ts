/**
 * What each proxy runs for the user's resources, rendered from the controller's route
 * tables: ingress-nginx's nginx.conf, the xDS an Envoy-based controller pushes (Envoy
 * Gateway, Contour), or Traefik's dynamic configuration.
 */
import type { Cluster, Controller } from '../model/cluster.js';
import type { FamilyId } from '../model/routeTable.js';
import type { DocumentSource, JsonValue } from './document.js';
import { renderNginxConf, type NginxConfOptions } from './nginx.js';
import { renderTraefik } from './traefik.js';
import { renderXds } from './xds.js';

export type ConfigFormat = 'nginx' | 'xds' | 'traefik';

export type ProxyConfig =
  | {
      readonly controller: string;
      readonly family: FamilyId;
      readonly format: 'nginx';
      readonly text: string;
      readonly notes: readonly string[];
    }
  | {
      readonly controller: string;
      readonly family: FamilyId;
      readonly format: 'xds' | 'traefik';
      readonly document: { readonly [key: string]: JsonValue };
      /** Where each part of the document comes from in the YAML. */
      readonly sources: readonly DocumentSource[];
      readonly notes: readonly string[];
    };

/** The form a family's proxy takes its configuration in. */
export function configFormat(family: FamilyId): ConfigFormat {
  switch (family) {
    case 'nginx':
      return 'nginx';
    case 'traefik':
      return 'traefik';
    case 'envoy-gateway':
    case 'contour':
      return 'xds';
  }
}

export interface ProxyConfigOptions {
  /** nginx: how to render nginx.conf (as ingress-nginx writes it, or runnable by plain nginx). */
  readonly nginx?: NginxConfOptions;
}

/** The configuration `controller` runs, in its family's own form. */
export function proxyConfig(
  cluster: Cluster,
  controller: Controller,
  options: ProxyConfigOptions = {},
): ProxyConfig {
  const format = configFormat(controller.family);
  const base = { controller: controller.id, family: controller.family };
  if (format === 'nginx') {
    const r = renderNginxConf(cluster, controller, options.nginx);
    return { ...base, format, text: r.text, notes: r.notes };
  }
  const r = format === 'xds' ? renderXds(cluster, controller) : renderTraefik(cluster, controller);
  return { ...base, format, document: r.document, sources: r.sources, notes: r.notes };
}

export { renderNginxConf } from './nginx.js';
export type { NginxConf, NginxConfOptions, NginxEndpointTarget } from './nginx.js';
export type { DocumentSource, JsonValue } from './document.js';
