/** -f inputs → resources → cluster, shared by every command. */
import {
  buildCluster,
  loadManifests,
  type Cluster,
  type LoadResult,
  type ManifestInput,
} from '../engine/index.js';
import type { Io } from './io.js';
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
