/**
 * Run in a child process by regressions.test.ts (it used to abort Node): deeply nested YAML flow
 * collections. Exits 0 when every paste loads.
 */
import { loadManifests } from '../../../src/engine/index.js';

for (const n of [100, 1000, 3000, 10_000, 30_000]) {
  const r = loadManifests(`apiVersion: ${'{'.repeat(n)}\n`);
  process.stdout.write(`${n}: ${r.diagnostics.length} diagnostics\n`);
}
