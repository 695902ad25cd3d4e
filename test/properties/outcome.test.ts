/**
 * Property (c): every trace ends in exactly one outcome: a status and no error, or no status
 * and a non-empty error; the stages are the eight ids in order, with startMs <= endMs and
 * times that never go backwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCluster, loadManifests, trace } from '../../src/engine/index.js';
import { clusterYamlArb, requestArb } from '../helpers/arbitraries.js';
import { traceViolations } from '../helpers/invariants.js';

describe('every trace ends in exactly one outcome', () => {
  it('on plausible clusters and requests', () => {
    fc.assert(
      fc.property(
        clusterYamlArb,
        fc.array(requestArb, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (yaml, requests, strict, seed) => {
          const cluster = buildCluster(loadManifests(yaml).resources, { strict });
          for (const r of requests) {
            const t = trace(cluster, r, { seed, now: '2027-01-01T00:00:00Z' });
            expect(traceViolations(t), `${r.url}: ${t.summary}`).toStrictEqual([]);
          }
        },
      ),
      { numRuns: 150, seed: 0x0c0e01 },
    );
  });

  it('a request that cannot be parsed still ends in an error with every stage', () => {
    const cluster = buildCluster(loadManifests('').resources);
    for (const url of ['', 'ftp://x/', 'http://', 'http://host:99999/', '::::']) {
      const t = trace(cluster, { url });
      expect(traceViolations(t), url).toStrictEqual([]);
      expect(t.status).toBeNull();
    }
  });
});
