import { describe, expect, it } from 'vitest';
import SLOW_IMPORT from '../../../examples/slow-import.yaml?raw';
import { Evaluator } from './evaluate.js';

/** The example without its own Scenario: the cluster alone. */
const CLUSTER = SLOW_IMPORT.split(/^---$/m)
  .filter((doc) => !/^kind: Scenario$/m.test(doc))
  .join('---');
const SCENARIO = SLOW_IMPORT.split(/^---$/m).find((doc) => /^kind: Scenario$/m.test(doc)) ?? '';

describe('Evaluator with an exercise Scenario', () => {
  it('the trace uses the Scenario given beside the YAML, as grading does', () => {
    expect(SCENARIO).not.toBe('');
    const evaluator = new Evaluator();
    const job = {
      id: 1,
      yaml: CLUSTER,
      request: { url: 'http://reports.example.com/import', method: 'POST' },
      seed: 1,
    };
    const plain = evaluator.evaluate(job);
    const withScenario = evaluator.evaluate({ ...job, id: 2, scenario: SCENARIO });
    expect(plain.ok && plain.trace.status).toBe(200);
    // The Scenario makes the import take 90 s; ingress-nginx gives up after 60 s.
    expect(withScenario.ok && withScenario.trace.status).toBe(504);
  });
});
