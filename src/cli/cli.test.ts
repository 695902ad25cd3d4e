import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGE_ORDER } from '../engine/index.js';
import { run } from './program.js';

/** An Ingress for shop.example.com: /api → api-svc (defined, with a Deployment), / → frontend. */
const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: api-svc
                port:
                  number: 80
          - path: /
            pathType: Prefix
            backend:
              service:
                name: frontend
                port:
                  number: 80
`;

const BACKEND = `apiVersion: v1
kind: Service
metadata:
  name: api-svc
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1
          ports:
            - containerPort: 8080
`;

const SHOP = `${INGRESS}---\n${BACKEND}`;

/** The same objects as `kubectl get -o yaml` prints them: one List. */
function asList(yaml: string): string {
  const items = yaml
    .split(/^---\n/m)
    .map((doc) => doc.trimEnd().replace(/^/gm, '    ').replace(/^ {4}/, '  - '));
  return `apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ""\nitems:\n${items.join('\n')}\n`;
}

const NO_PATH_TYPE = INGRESS.replace('            pathType: Prefix\n', '');

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'routelab-cli-'));
  await writeFile(path.join(dir, 'shop.yaml'), SHOP);
  await writeFile(path.join(dir, 'list.yaml'), asList(SHOP));
  await writeFile(path.join(dir, 'no-path-type.yaml'), NO_PATH_TYPE);
  await mkdir(path.join(dir, 'split', 'backend'), { recursive: true });
  await writeFile(path.join(dir, 'split', 'ingress.yaml'), INGRESS);
  await writeFile(path.join(dir, 'split', 'backend', 'api.yml'), BACKEND);
  await writeFile(path.join(dir, 'split', 'README.md'), '# not a manifest: [');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Result {
  code: number;
  out: string;
  err: string;
}

async function cli(
  argv: string[],
  options: { stdin?: string; color?: boolean; columns?: number } = {},
): Promise<Result> {
  let out = '';
  let err = '';
  const code = await run(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    stdin: options.stdin ?? '',
    color: options.color ?? false,
    columns: options.columns ?? 100,
    cwd: dir,
    now: () => new Date('2025-06-01T12:00:00Z'),
  });
  return { code, out, err };
}

async function traceJson(argv: string[], stdin?: string) {
  const r = await cli(['trace', ...argv, '-o', 'json'], stdin === undefined ? {} : { stdin });
  return { ...r, json: JSON.parse(r.out) as Record<string, unknown> & TraceShape };
}

interface TraceShape {
  status: number | null;
  backend: { namespace: string; service: string; port: number; pod: string } | null;
  error: string | null;
  stages: { id: string; outcome: string; summary: string; sources: { file?: string }[] }[];
  forwarded: { host: string; path: string; headers: Record<string, string> } | null;
  diagnostics: { code: string; severity: string; line: number; file?: string }[];
}

describe('routelab trace -o json', () => {
  it('routes /api to api-svc through all eight stages, exit 0', async () => {
    const { code, json, err } = await traceJson(['-f', 'shop.yaml', 'http://shop.example.com/api']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(json.status).toBe(200);
    expect(json.backend?.service).toBe('api-svc');
    expect(json.backend?.namespace).toBe('default');
    expect(json.stages.map((s) => s.id)).toEqual([...STAGE_ORDER]);
    expect(json.stages.map((s) => s.id)).toEqual([
      'dns',
      'l4lb',
      'controller',
      'tls',
      'match',
      'endpoints',
      'upstream',
      'pod',
    ]);
    expect(json.forwarded?.host).toBe('shop.example.com');
    expect(json.forwarded?.path).toBe('/api');
  });

  it('prints exactly the documented keys, in order', async () => {
    const { json } = await traceJson(['-f', 'shop.yaml', 'http://shop.example.com/api']);
    expect(Object.keys(json)).toEqual([
      'status',
      'backend',
      'redirect',
      'forwarded',
      'responseHeaders',
      'mirrored',
      'tls',
      'attempts',
      'error',
      'stages',
      'assumptions',
      'diagnostics',
      'controller',
      'durationMs',
      'attemptsDetail',
    ]);
    expect(Object.keys(json.backend ?? {})).toEqual(['namespace', 'service', 'port', 'pod']);
    expect(Object.keys(json.forwarded ?? {})).toEqual(['host', 'path', 'headers']);
    const match = json.stages.find((s) => s.id === 'match');
    expect(Object.keys(match ?? {})).toEqual([
      'id',
      'outcome',
      'summary',
      'explanation',
      'sources',
      'startMs',
      'endMs',
      'candidates',
    ]);
    expect(Object.keys(match?.sources[0] ?? {})).toEqual([
      'kind',
      'namespace',
      'name',
      'path',
      'startLine',
      'endLine',
      'file',
    ]);
    expect(match?.sources[0]?.file).toBe('shop.yaml');
  });

  it('is the same byte for byte on a second run (same seed)', async () => {
    const argv = ['-f', 'shop.yaml', 'http://shop.example.com/api', '--seed', '7'];
    expect((await traceJson(argv)).out).toBe((await traceJson(argv)).out);
  });

  it('exits 0 for a 404: trace reports, it does not judge', async () => {
    const { code, json } = await traceJson([
      '-f',
      'shop.yaml',
      'http://203.0.113.10/',
      '-H',
      'Host: other.example.com',
    ]);
    expect(json.status).toBe(404);
    expect(json.backend).toBeNull();
    expect(code).toBe(0);
  });

  it('exits 2 when no HTTP response comes back (the name does not resolve)', async () => {
    const { code, json } = await traceJson(['-f', 'shop.yaml', 'http://nope.example.com/']);
    expect(code).toBe(2);
    expect(json.status).toBeNull();
    expect(json.error).toMatch(/resolve/i);
    expect(json.stages[0]).toMatchObject({ id: 'dns', outcome: 'fail' });
    expect(json.stages.slice(1).every((s) => s.outcome === 'skipped')).toBe(true);
  });

  it('takes the load balancer address plus -H Host, as curl does', async () => {
    const { code, json } = await traceJson([
      '-f',
      'shop.yaml',
      'http://203.0.113.10/api',
      '-H',
      'Host: shop.example.com',
    ]);
    expect(code).toBe(0);
    expect(json.status).toBe(200);
    expect(json.backend?.service).toBe('api-svc');
    expect(json.stages[0]).toMatchObject({ id: 'dns', outcome: 'skipped' });
  });

  it('takes --resolve HOST:PORT:ADDRESS: no DNS lookup, the name is still the Host', async () => {
    const { code, json } = await traceJson([
      '-f',
      'shop.yaml',
      'http://shop.example.com/api',
      '--resolve',
      'shop.example.com:80:203.0.113.10',
    ]);
    expect(code).toBe(0);
    expect(json.backend?.service).toBe('api-svc');
    expect(json.stages[0]?.summary).toContain('--resolve');
    expect(json.forwarded?.host).toBe('shop.example.com');

    const elsewhere = await traceJson([
      '-f',
      'shop.yaml',
      'http://shop.example.com/api',
      '--resolve',
      'shop.example.com:80:192.0.2.1',
    ]);
    expect(elsewhere.json.status).toBeNull();
    expect(elsewhere.code).toBe(2);
  });

  it('sends -X, --client-ip and --data-size', async () => {
    const { json } = await traceJson([
      '-f',
      'shop.yaml',
      'http://shop.example.com/api',
      '-X',
      'put',
      '--client-ip',
      '192.0.2.44',
      '--data-size',
      '10k',
    ]);
    expect(json.status).toBe(200);
    expect(json.forwarded?.headers['X-Forwarded-For']).toBe('192.0.2.44');
    expect(json.forwarded?.headers['Content-Length']).toBe('10240');
  });

  it('reads a directory recursively (only .yaml, .yml, .json) and names files in sources', async () => {
    const { code, json } = await traceJson(['-f', 'split', 'http://shop.example.com/api']);
    expect(code).toBe(0);
    expect(json.backend?.service).toBe('api-svc');
    const files = json.stages.flatMap((s) => s.sources.map((src) => src.file));
    expect(files).toContain(path.join('split', 'ingress.yaml'));
    expect(files).toContain(path.join('split', 'backend', 'api.yml'));
  });

  it('reads standard input with -f -, and repeats -f', async () => {
    const { code, json } = await traceJson(
      ['-f', '-', '-f', path.join('split', 'backend'), 'http://shop.example.com/api'],
      INGRESS,
    );
    expect(code).toBe(0);
    expect(json.backend?.service).toBe('api-svc');
    expect(json.stages.find((s) => s.id === 'match')?.sources[0]?.file).toBe('<stdin>');
  });

  it('reads kind: List as kubectl get -o yaml prints it', async () => {
    const { code, json } = await traceJson(['-f', 'list.yaml', 'http://shop.example.com/api']);
    expect(code).toBe(0);
    expect(json.backend?.service).toBe('api-svc');
  });

  it('includes YAML errors in diagnostics without changing the exit code', async () => {
    const { code, json } = await traceJson([
      '-f',
      'shop.yaml',
      '-f',
      'no-path-type.yaml',
      'http://shop.example.com/api',
    ]);
    expect(code).toBe(0);
    expect(json.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'RL110', severity: 'error', file: 'no-path-type.yaml' }),
    );
  });
});

describe('routelab trace (human output)', () => {
  it('prints the request, one line per stage, and the response', async () => {
    const { code, out, err } = await cli([
      'trace',
      '-f',
      'shop.yaml',
      'http://shop.example.com/api',
    ]);
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out.split('\n');
    expect(lines[0]).toBe('GET http://shop.example.com/api');
    const stageLines = lines.filter((l) => /^[✓✗·] /.test(l));
    expect(stageLines.map((l) => l.slice(2).split(/\s+/)[0])).toEqual([...STAGE_ORDER]);
    expect(out).toMatch(/^✓ dns {9}shop\.example\.com → 203\.0\.113\.10$/m);
    expect(out).toMatch(/^· tls {9}/m);
    expect(out).toMatch(/^→ 200 from pod api-\S+ \(default\/api-svc\)$/m);
    expect(out).toMatch(/from Ingress default\/shop \(lines \d+-\d+\)/);
    expect(out).toContain('✗ location / — ');
    expect(out).toMatch(/^assumed: /m);
    expect(out).toMatch(/^forwarded to the pod:\n {2}Host: shop\.example\.com\n {2}path: \/api$/m);
    expect(out).not.toContain('\x1b[');
  });

  it('wraps to the terminal width', async () => {
    const { out } = await cli(['trace', '-f', 'shop.yaml', 'http://shop.example.com/api'], {
      columns: 60,
    });
    const long = out.split('\n').filter((l) => l.length > 60 && / /.test(l.trim()));
    // Only a single word longer than the room left may overflow.
    expect(long.filter((l) => l.trim().split(' ').length > 2)).toEqual([]);
  });

  it('colours only when asked (a TTY without NO_COLOR)', async () => {
    const { out } = await cli(['trace', '-f', 'shop.yaml', 'http://shop.example.com/api'], {
      color: true,
    });
    expect(out).toContain('\x1b[32m✓\x1b[39m');
  });

  it('says why no response came back, exit 2', async () => {
    const { code, out } = await cli(['trace', '-f', 'shop.yaml', 'http://nope.example.com/']);
    expect(code).toBe(2);
    expect(out).toMatch(/^✗ dns {9}nope\.example\.com/m);
    expect(out).toMatch(/^· pod {9}not reached$/m);
    expect(out).toMatch(/^→ no response: .*nope\.example\.com/m);
  });

  it('prints YAML errors to stderr, and still traces', async () => {
    const { code, out, err } = await cli([
      'trace',
      '-f',
      'no-path-type.yaml',
      '-f',
      'shop.yaml',
      'http://shop.example.com/api',
    ]);
    expect(code).toBe(0);
    expect(err).toMatch(/^no-path-type\.yaml:11: error RL110 /m);
    expect(out).toContain('→ 200');
  });
});

describe('bad usage and unreadable input: exit 3', () => {
  it.each([
    [['trace', '-f', 'missing.yaml', 'http://shop.example.com/'], /cannot read missing\.yaml/],
    [['trace', 'http://shop.example.com/'], /no input/],
    [['trace', '-f', 'shop.yaml'], /missing required argument 'url'/],
    [['trace', '-f', 'shop.yaml', 'http://exa mple.com/'], /not a valid URL/],
    [['trace', '-f', 'shop.yaml', 'ftp://shop.example.com/'], /only http/],
    [['trace', '-f', 'shop.yaml', 'http://shop.example.com/', '-H', 'NoColon'], /Name: value/],
    [['trace', '-f', 'shop.yaml', 'http://shop.example.com/', '--data-size', '12q'], /size/],
    [['trace', '-f', 'shop.yaml', 'http://shop.example.com/', '--resolve', 'x:80'], /HOST:PORT/],
    [['trace', '-f', 'shop.yaml', 'http://shop.example.com/', '--client-ip', 'me'], /IP/],
    [['trace', '-f', 'shop.yaml', 'http://shop.example.com/', '--seed', '-1'], /seed|option/],
    [['trace', '-f', 'shop.yaml', 'http://shop.example.com/', '-o', 'yaml'], /invalid/],
    [['trace', '-f', 'shop.yaml', 'http://shop.example.com/', '--nope'], /unknown option/],
    [['lint', '-f', 'missing-dir/'], /cannot read/],
    [['frobnicate'], /unknown command/],
  ])('%j', async (argv, message) => {
    const { code, err, out } = await cli(argv);
    expect(code).toBe(3);
    expect(err).toMatch(/^routelab: /);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });
});

describe('routelab lint', () => {
  it('exits 1 on an Ingress without pathType, with file, line, code and fix', async () => {
    const { code, out } = await cli(['lint', '-f', 'no-path-type.yaml']);
    expect(code).toBe(1);
    expect(out).toMatch(/^no-path-type\.yaml:11: error RL110 pathType is required/m);
    expect(out).toMatch(/^ {2}fix: /m);
    expect(out).toMatch(/^1 error, \d+ warnings?, \d+ info$/m);
  });

  it('exits 0 on a clean file', async () => {
    const { code, out } = await cli(['lint', '-f', 'shop.yaml']);
    expect(code).toBe(0);
    expect(out).toMatch(/^0 errors, /m);
  });

  it('prints the documented JSON', async () => {
    const { code, out } = await cli(['lint', '-f', 'no-path-type.yaml', '-o', 'json']);
    expect(code).toBe(1);
    const json = JSON.parse(out) as {
      diagnostics: Record<string, unknown>[];
      errors: number;
      warnings: number;
      infos: number;
    };
    expect(Object.keys(json)).toEqual(['diagnostics', 'errors', 'warnings', 'infos']);
    expect(json.errors).toBe(1);
    const rl110 = json.diagnostics.find((d) => d.code === 'RL110');
    expect(rl110).toMatchObject({
      severity: 'error',
      file: 'no-path-type.yaml',
      line: 11,
      fix: { title: expect.any(String) },
    });
    expect(Object.keys(rl110 ?? {}).slice(0, 6)).toEqual([
      'code',
      'severity',
      'message',
      'file',
      'line',
      'endLine',
    ]);
  });

  it('names the file of a YAML syntax error once', async () => {
    const { code, out } = await cli(['lint', '-f', '-', '-f', 'shop.yaml'], {
      stdin: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  bad: [\n',
    });
    expect(code).toBe(1);
    expect(out).toMatch(/^<stdin>:\d+: error RL100 YAML syntax error/m);
  });
});

describe('help and version', () => {
  it('--version prints package.json version', async () => {
    const { code, out } = await cli(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('trace --help lists the flags, examples and exit codes', async () => {
    const { code, out } = await cli(['trace', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--filename', '--request', '--header', '--resolve', '--insecure'])
      expect(out).toContain(flag);
    expect(out).toContain('Examples:');
    expect(out).toMatch(/Exit codes:[\s\S]*\n {2}2 +trace: no HTTP response/);
  });

  it('--help lists the commands', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}trace /m);
    expect(out).toMatch(/^ {2}lint /m);
  });
});
