/** -f inputs → resources → cluster, shared by every command. */
import {
  buildCluster,
  loadManifests,
  type Cluster,
  type Controller,
  type LoadResult,
  type ManifestInput,
} from '../engine/index.js';
import { UsageError, type Io } from './io.js';
import { readInputs } from './inputs.js';

export interface Loaded {
  /** The files' texts, as read (simulate sends them to its worker). */
  readonly inputs: readonly ManifestInput[];
  /** Input names as given to the engine (diagnostics and sources carry them). */
  readonly files: readonly string[];
  readonly load: LoadResult;
  readonly cluster: Cluster;
}

export async function loadCluster(
  fileArgs: readonly string[],
  io: Io,
  strict: boolean,
): Promise<Loaded> {
  const inputs = await readInputs(fileArgs, io);
  const load = loadManifests(inputs);
  const cluster = buildCluster(load.resources, { strict });
  return { inputs, files: inputs.map((i) => i.file ?? ''), load, cluster };
}

/** The controllers `--controller NAME` means (namespace/name, or the name alone); bad usage when none. */
export function controllersNamed(cluster: Cluster, wanted: string): Controller[] {
  const found = cluster.controllers.filter((c) => c.id === wanted || c.id.endsWith(`/${wanted}`));
  if (found.length === 0)
    throw new UsageError(
      `no controller ${wanted}; the cluster has ${cluster.controllers.map((c) => c.id).join(', ') || 'none'}`,
    );
  return found;
}
