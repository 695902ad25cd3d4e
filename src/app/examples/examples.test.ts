import { describe, expect, it } from 'vitest';
import { Evaluator } from '../worker/evaluate.js';
import { EXAMPLES } from './index.js';

/** What each example is there to show; the page's browser test relies on these. */
const EXPECTED: Record<string, number> = {
  shop: 200,
  'missing-class': 404,
  'wrong-port': 502,
};

describe('built-in examples', () => {
  for (const example of EXAMPLES) {
    it(`${example.id} answers ${EXPECTED[example.id]}`, () => {
      const response = new Evaluator().evaluate({
        id: 1,
        yaml: example.yaml,
        request: example.request,
        seed: 1,
      });
      if (!response.ok) throw new Error(response.error);
      expect(response.trace.status).toBe(EXPECTED[example.id]);
      expect(response.diagnostics.filter((d) => d.code.startsWith('RL1'))).toEqual([]);
      // Plain data: what the worker posts must survive structured cloning.
      expect(structuredClone(response)).toEqual(response);
    });
  }

  it('re-uses the cluster while only the request changes', () => {
    const evaluator = new Evaluator();
    const shop = EXAMPLES[0];
    if (!shop) throw new Error('no examples');
    const first = evaluator.evaluate({ id: 1, yaml: shop.yaml, request: shop.request, seed: 1 });
    const second = evaluator.evaluate({
      id: 2,
      yaml: shop.yaml,
      request: { url: 'https://shop.example.com/' },
      seed: 1,
    });
    if (!first.ok || !second.ok) throw new Error('engine failed');
    expect(second.diagnostics).toBe(first.diagnostics);
    expect(second.trace.backend?.service).toBe('frontend');
  });
});
