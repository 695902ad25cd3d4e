/**
 * End to end: the built command as a user runs it (node bin/routelab.mjs). Builds dist-cli
 * first when it is missing or older than the sources of the command.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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

async function routelab(args: string[], input?: string): Promise<Spawned> {
  const child = run(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
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
});
