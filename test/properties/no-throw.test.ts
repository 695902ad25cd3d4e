/**
 * Property (a): no input throws. Whatever text is pasted, loadManifests → buildCluster →
 * lint → trace returns diagnostics and traces; every trace keeps the outcome contract (c).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyMutations,
  applyStructuralMutation,
  mutationArb,
  structuralMutationArb,
  URLS,
  VALID_MANIFEST,
  yamlishTextArb,
} from '../helpers/arbitraries.js';
import { exercise, traceViolations } from '../helpers/invariants.js';

const RUNS = { numRuns: 150 };

/** The pipeline on `text` throws nothing and every trace keeps the outcome contract. */
function holds(text: string): void {
  const { traces } = exercise(text, URLS);
  for (const t of traces) expect(traceViolations(t), t.summary).toStrictEqual([]);
}

describe('no input throws', () => {
  it('the valid manifest itself loads cleanly enough to route', () => {
    const { cluster, traces } = exercise(VALID_MANIFEST, URLS);
    expect(cluster.controllers[0]?.claimed.map((i) => i.meta.name)).toStrictEqual([
      'shop',
      'rewrite',
      'private',
    ]);
    expect(traces.some((t) => t.status === 200)).toBe(true);
    for (const t of traces) expect(traceViolations(t)).toStrictEqual([]);
  });

  it('arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (text) => holds(text)),
      { ...RUNS, seed: 0x5eed01 },
    );
  });

  it('arbitrary lines of YAML punctuation', () => {
    const punctuation = fc.constantFrom(
      ...'-:{}[]&*!|>\'"%@`#?,\n \t'.split(''),
      'kind: Ingress\n',
      '---\n',
      '  ',
    );
    fc.assert(
      fc.property(fc.array(punctuation, { maxLength: 200 }), (parts) => holds(parts.join(''))),
      { ...RUNS, seed: 0x5eed02 },
    );
  });

  it('YAML-ish documents built from fragments (kinds, nesting, anchors and aliases, long lines)', () => {
    fc.assert(
      fc.property(yamlishTextArb, (text) => holds(text)),
      { ...RUNS, seed: 0x5eed03 },
    );
  });

  it('textual mutations of a valid manifest', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (mutations) =>
        holds(applyMutations(VALID_MANIFEST, mutations)),
      ),
      { ...RUNS, seed: 0x5eed04 },
    );
  });

  it('structural mutations of a valid manifest (a field replaced by anything)', () => {
    fc.assert(
      fc.property(fc.array(structuralMutationArb, { minLength: 1, maxLength: 3 }), (ms) =>
        holds(ms.reduce((text, m) => applyStructuralMutation(text, m), VALID_MANIFEST)),
      ),
      { numRuns: 100, seed: 0x5eed05 },
    );
  });

  it('arbitrary request URLs and headers on the valid manifest', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.array(fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 })), {
          maxLength: 3,
        }),
        fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        fc.uint8Array({ maxLength: 12 }),
        (url, headers, method, auth) => {
          const { traces } = exercise(VALID_MANIFEST, [
            { url, headers, ...(method !== undefined ? { method } : {}) },
            { url: `http://foo.bar.com/${url}`, headers },
            {
              url: 'http://foo.bar.com/private/',
              headers: [['Authorization', `Basic ${Buffer.from(auth).toString('base64')}`]],
            },
            { url: `https://203.0.113.10${url.startsWith('/') ? '' : '/'}${url}`, headers },
          ]);
          for (const t of traces) expect(traceViolations(t)).toStrictEqual([]);
        },
      ),
      { numRuns: 100, seed: 0x5eed06 },
    );
  });
});
