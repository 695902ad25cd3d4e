/**
 * Engine bugs the property tests found, each fixed since, pinned by its smallest input:
 *  - decodeUtf8 threw on code points past U+10FFFF (fixed in f3cf894), reached from a Secret's
 *    data and from a basic-auth Authorization header;
 *  - 200,000 YAML errors in one document were spread as call arguments and overflowed the
 *    stack; a line of ten thousand "{" drove the yaml package to the stack limit, where V8
 *    aborted Node ("RegExpCompiler Allocation failed"); proxy-next-upstream-tries "0" with
 *    refusing pods retried for ever (all three fixed in a5afcde).
 * Inputs that used to abort or hang Node run in a child process with a small heap, so a
 * regression fails this test instead of taking the test worker down.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/engine/index.js';
import { exercise, traceViolations } from '../helpers/invariants.js';

const secretWith = (bytes: readonly number[]): string =>
  [
    'apiVersion: v1',
    'kind: Secret',
    'type: kubernetes.io/tls',
    'metadata: {name: odd-bytes}',
    'data:',
    `  tls.crt: ${Buffer.from(bytes).toString('base64')}`,
    `  tls.key: ${Buffer.from(bytes).toString('base64')}`,
  ].join('\n');

/** Runs test/properties/repro/<script> in a child Node (256 MB heap); returns its exit and output. */
function runChild(script: string): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=256',
      '--import',
      'tsx',
      fileURLToPath(new URL(`./repro/${script}`, import.meta.url)),
    ],
    {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      timeout: 45_000,
      encoding: 'utf8',
    },
  );
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('bugs found by the properties, fixed, and pinned', () => {
  it('a Secret holding bytes F5 80 80 80 (not UTF-8) loads without throwing', () => {
    expect(() => loadManifests(secretWith([0xf5, 0x80, 0x80, 0x80]))).not.toThrow();
  });

  it('basic auth with an Authorization header that decodes to invalid UTF-8 answers 401', () => {
    const yaml = [
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata:',
      '  name: private',
      '  annotations:',
      '    nginx.ingress.kubernetes.io/auth-type: basic',
      '    nginx.ingress.kubernetes.io/auth-secret: basic-auth',
      'spec:',
      '  ingressClassName: nginx',
      '  rules:',
      '  - host: private.example.com',
      '    http:',
      '      paths:',
      '      - path: /',
      '        pathType: Prefix',
      '        backend: {service: {name: web, port: {number: 80}}}',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: basic-auth}',
      'stringData:',
      '  auth: "alice:$apr1$x$y"',
    ].join('\n');
    const { traces } = exercise(yaml, [
      { url: 'http://private.example.com/', headers: [['Authorization', 'Basic 9YCAgA==']] },
    ]);
    expect(traces[0]?.status).toBe(401);
    for (const t of traces) expect(traceViolations(t)).toStrictEqual([]);
  });

  it('200,000 YAML errors in one document load, reported as a few diagnostics', () => {
    const load = loadManifests(`""\n\napiVersion: ${'{'.repeat(200_000)}\n`);
    expect(load.resources).toStrictEqual([]);
    expect(load.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(load.diagnostics.length).toBeLessThan(100);
  });

  it('ten thousand nested "{" are refused with a diagnostic, without aborting Node (child process)', () => {
    const run = runChild('deep-flow-nesting.ts');
    expect(run.status, run.stderr.slice(0, 300)).toBe(0);
    expect(run.stdout).toMatch(/^10000: [1-9]\d* diagnostics$/m);
  }, 60_000);

  it('proxy-next-upstream-tries "0" with refusing pods ends in a bounded number of tries (child process)', () => {
    const run = runChild('unbounded-retries.ts');
    expect(run.status, run.stderr.slice(0, 300)).toBe(0);
    const m = /^(\d+) after (\d+) attempts$/m.exec(run.stdout);
    expect(m, run.stdout).not.toBeNull();
    expect(Number(m?.[1])).toBe(502);
    expect(Number(m?.[2])).toBeGreaterThan(3);
    expect(Number(m?.[2])).toBeLessThanOrEqual(1000);
  }, 60_000);
});
