/**
 * The page and the command give the same answers: each example is traced in the page and
 * by `routelab trace -o json` (the built command, bin/routelab.mjs), and the status, the
 * backend and every stage's outcome and summary must agree.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLES } from '../src/app/examples/index.js';
import { expect, test } from './fixtures.js';
import { loadExample, stages, status } from './helpers.js';

interface CliTrace {
  status: number | null;
  backend: { service: string; pod: string } | null;
  stages: { id: string; outcome: string; summary: string }[];
}

function cli(example: (typeof EXAMPLES)[number]): CliTrace {
  const dir = mkdtempSync(join(tmpdir(), 'routelab-parity-'));
  const file = join(dir, `${example.id}.yaml`);
  writeFileSync(file, example.yaml);
  const r = example.request;
  const args = ['bin/routelab.mjs', 'trace', '-f', file, r.url, '-X', r.method, '-o', 'json'];
  for (const line of (r.headers ?? '').split('\n')) if (line.trim()) args.push('-H', line.trim());
  if (r.clientIp) args.push('--client-ip', r.clientIp);
  if (r.bodySize) args.push('--data-size', r.bodySize);
  if (r.insecure) args.push('-k');
  let out: string;
  try {
    out = execFileSync('node', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    // Exit code 2 (no response) still prints the trace.
    out = (error as { stdout: string }).stdout;
  }
  return JSON.parse(out) as CliTrace;
}

test.use({ viewport: { width: 1280, height: 800 } });

test('the page and routelab trace give the same answers on every example', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  for (const example of EXAMPLES) {
    const expected = cli(example);
    await loadExample(page, example.id);
    await expect(status(page), example.id).toHaveText(
      expected.status === null ? 'No response' : String(expected.status),
    );
    await expect(page.getByTestId('example-name')).toContainText(example.title);
    const shown = () =>
      stages(page).evaluateAll((items) =>
        items.map((li) => ({
          id: li.getAttribute('data-stage') ?? '',
          outcome: li.querySelector('.badge')?.textContent ?? '',
          summary: li.querySelector('.stage-summary')?.textContent ?? '',
        })),
      );
    // Polled: two examples can share a status, so wait for this example's stages.
    await expect
      .poll(shown, { message: example.id })
      .toEqual(expected.stages.map((s) => ({ id: s.id, outcome: s.outcome, summary: s.summary })));
    if (expected.backend) {
      await expect(page.locator('.status-summary'), example.id).toContainText(expected.backend.pod);
    }
  }
});
