/**
 * Property (b): determinism (design.md "Rules of the house"): the same manifests, request
 * and seed give the same trace, byte for byte, whichever loader or cluster object is used.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCluster, loadManifests, trace } from '../../src/engine/index.js';
import { clusterYamlArb, requestArb } from '../helpers/arbitraries.js';

describe('same input, same trace', () => {
  it('two independent load/build/trace runs agree byte for byte', () => {
    fc.assert(
      fc.property(
        clusterYamlArb,
        requestArb,
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (yaml, request, seed) => {
          const run = (): string => {
            const cluster = buildCluster(loadManifests(yaml).resources);
            return JSON.stringify(trace(cluster, request, { seed }));
          };
          expect(run()).toBe(run());
        },
      ),
      { numRuns: 100, seed: 0xd37e01 },
    );
  });

  it('tracing twice on one cluster agrees (no state carried between requests)', () => {
    fc.assert(
      fc.property(
        clusterYamlArb,
        fc.array(requestArb, { minLength: 2, maxLength: 4 }),
        (yaml, requests) => {
          const cluster = buildCluster(loadManifests(yaml).resources);
          const first = requests.map((r) => JSON.stringify(trace(cluster, r, { seed: 42 })));
          const again = [...requests]
            .reverse()
            .map((r) => JSON.stringify(trace(cluster, r, { seed: 42 })))
            .reverse();
          expect(again).toStrictEqual(first);
        },
      ),
      { numRuns: 100, seed: 0xd37e02 },
    );
  });

  it('lint is deterministic too', () => {
    fc.assert(
      fc.property(clusterYamlArb, (yaml) => {
        const once = (): string => {
          const load = loadManifests(yaml);
          const cluster = buildCluster(load.resources);
          return JSON.stringify([cluster.diagnostics, load.diagnostics]);
        };
        expect(once()).toBe(once());
      }),
      { numRuns: 100, seed: 0xd37e03 },
    );
  });
});
