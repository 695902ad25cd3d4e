/**
 * End to end: the built command as a user runs it (node bin/routelab.mjs). Builds dist-cli
 * first when it is missing or older than the sources of the command.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = path.join(root, 'dist-cli', 'cli', 'main.js');
const bin = path.join(root, 'bin', 'routelab.mjs');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

beforeAll(async () => {
  const stale =
    !existsSync(entry) ||
    statSync(entry).mtimeMs < newestSource(path.join(root, 'src', 'cli')) ||
    statSync(entry).mtimeMs < newestSource(path.join(root, 'src', 'engine'));
  if (stale) {
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    // tsc still writes the output when another part of the tree has type errors; the
    // typecheck is `npm run typecheck`'s job, this test checks the command runs.
    await run(process.execPath, [tsc, '-p', 'tsconfig.cli.json'], { cwd: root }).catch(
      (e: unknown) => {
        if (!existsSync(entry)) throw e;
      },
    );
  }
}, 60_000);

interface Spawned {
  code: number;
  stdout: string;
  stderr: string;
}

async function routelab(
  args: string[],
  input?: string,
  interruptAfterMs?: number,
): Promise<Spawned> {
  const child = run(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  if (interruptAfterMs !== undefined)
    setTimeout(() => child.child.kill('SIGINT'), interruptAfterMs).unref();
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('node bin/routelab.mjs', () => {
  it('traces the README example to a pod, as JSON, exit 0', async () => {
    const r = await routelab([
      'trace',
      '-f',
      'examples/shop.yaml',
      'https://shop.example.com/api/cart',
      '-k',
      '-o',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { status: number; backend: { service: string } };
    expect(json.status).toBe(200);
    expect(json.backend.service).toBe('api');
  });

  it('exits 2 for a name that does not resolve, and 3 for a missing file', async () => {
    expect(
      (await routelab(['trace', '-f', 'examples/shop.yaml', 'http://nope.example.com/'])).code,
    ).toBe(2);
    const missing = await routelab(['trace', '-f', 'examples/missing.yaml', 'http://x/']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('cannot read examples/missing.yaml');
  });

  it('reads standard input and prints plain text when piped', async () => {
    const r = await routelab(
      ['trace', '-f', '-', 'http://shop.example.com/'],
      await readFile(path.join(root, 'examples', 'shop.yaml'), 'utf8'),
    );
    expect(r.code).toBe(0);
    // ingress-nginx drops the trailing slash of an ssl-redirect unless preserve-trailing-slash.
    expect(r.stdout).toMatch(/^→ 308 redirect to https:\/\/shop\.example\.com$/m);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('prints --help and --version', async () => {
    const help = await routelab(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: routelab');
    const version = await routelab(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('simulates the README examples in a worker thread: JSON as documented, exit 0', async () => {
    const r = await routelab(['simulate', '-f', 'examples/rate-limit.yaml', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      requests: number;
      outcomes: Record<string, number>;
      rateLimited: number;
      wallMs: number;
    };
    expect(json.requests).toBe(60);
    expect(json.outcomes['503']).toBe(json.rateLimited);
    expect(json.rateLimited).toBeGreaterThan(30);
    expect(json.wallMs).toBeGreaterThan(0);

    const text = await routelab(['simulate', '-f', 'examples/slow-import.yaml']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}504 +10 /m);
    expect(text.stdout).toMatch(/timed out after 60\.00 s$/m);

    // The fix applied two minutes in: the imports sent at 0, 30, 60, 90 and 120 s (before the
    // reload at 120.3 s) still time out; the five after it answer 200 after 90 s.
    const fixed = await routelab([
      'simulate',
      '-f',
      'examples/slow-import.yaml',
      '--change',
      'examples/slow-import-fix.yaml',
      '--change-at',
      '2m',
    ]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/^ {2}504 +5 /m);
    expect(fixed.stdout).toMatch(/at 120\.0 s: kubectl apply/);
    expect(fixed.stdout).toMatch(/at 120\.3 s: ingress-nginx reloads/);
    expect(fixed.stdout).toMatch(/location = \/import +10 +60\.\d+ s +90\.\d+ s/);
  });

  it('Ctrl-C stops a long run early and prints what it has: exit 130', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'routelab-e2e-'));
    try {
      const file = path.join(dir, 'hour.yaml');
      const shop = await readFile(path.join(root, 'examples', 'shop.yaml'), 'utf8');
      await writeFile(
        file,
        `${shop}\n---\napiVersion: routelab.dev/v1alpha1\nkind: Scenario\nmetadata: {name: hour}\n` +
          'spec:\n  duration: 1h\n  traffic:\n    - {url: https://shop.example.com/api/cart, rate: 5000/s, clients: 50}\n',
      );
      const r = await routelab(['simulate', '-f', file, '-o', 'json'], undefined, 3000);
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/^routelab: stopped early at [\d,.]+ s of 3,600 s$/m);
      const json = JSON.parse(r.stdout) as {
        stoppedEarly: boolean;
        stoppedAtMs: number;
        requests: number;
        outcomes: Record<string, number>;
      };
      expect(json.stoppedEarly).toBe(true);
      expect(json.stoppedAtMs).toBeGreaterThan(0);
      expect(json.stoppedAtMs).toBeLessThan(3_600_000);
      expect(Object.values(json.outcomes).reduce((a, b) => a + b, 0)).toBe(json.requests);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
