/**
 * Real nginx beside the simulation (issue 3, section 4): the same shape of load sent for
 * real through Debian's nginx to three small Node backends on 127.0.0.1 with wrk, and then
 * simulated by the engine; reported as the ratio of simulated requests per wall second to
 * real ones. A benchmark that prints figures: it asserts nothing about timing.
 *
 *   npm run bench:real
 *
 * Needs Debian's nginx (apt-get install -y nginx-light) and wrk (apt-get install -y wrk).
 * All traffic stays on 127.0.0.1; the load is bounded in time (a 2 s warm-up and a 10 s run,
 * each with a watchdog), and nginx, the backends and the temp dir are removed at the end,
 * on an error and on Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildCluster, loadManifests, simulate } from '../../src/engine/index.js';
import { freePort as sharedFreePort, stopChild, tail } from '../../test/real-nginx/harness.js';

// ---- the shape of the load, shared by both sides -------------------------------------------

const HOST = 'bench.local';
const BACKENDS = 3;
/** Each backend answers 200 after this long (setTimeout, so at least this long). */
const BACKEND_DELAY_MS = 1;
const CONNECTIONS = 50;
const WRK_THREADS = 2;
const WARMUP_S = 2;
const LOAD_S = 10;
/** wrk is killed if it has not ended this long after its own duration. */
const WATCHDOG_GRACE_MS = 20_000;
/**
 * limit-rps / limit_req rate, far above what one client address (127.0.0.1: every wrk
 * connection) can reach on this machine, so the limiter is in the path but rejects nothing.
 * ingress-nginx renders burst = rate × limit-burst-multiplier (5 by default), nodelay.
 */
const LIMIT_RPS = 100_000;
const BURST_MULTIPLIER = 5;
/** Simulated side: 20,000 requests/s for 50 s = 1,000,000 requests from 50 clients. */
const SIM_RATE = 20_000;
const SIM_DURATION_S = 50;

/** nginx answers this path with this token once it is up (not part of the measured path). */
const READY_PATH = '/routelab-bench-ready';
const READY_TOKEN = `routelab-${process.pid}-${Date.now()}`;

// ---- errors, processes and cleanup ---------------------------------------------------------

/** A failure with a message meant for the person running the bench (no stack trace). */
class BenchError extends Error {}

const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;
/** Set on Ctrl-C: what fails after it (wrk stopped, nginx gone) is no news. */
let interrupted = false;

/** Starts nothing new once Ctrl-C has been pressed (wrk stops on SIGINT and exits normally). */
function notInterrupted(): void {
  if (interrupted) throw new BenchError('interrupted');
}

/** Runs the registered cleanups once, last registered first. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (err) {
        console.error(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping nginx and the backends…`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

/** Output of `cmd args` (stdout and stderr joined), or a BenchError naming the package to install. */
function versionOf(cmd: string, args: string[], install: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new BenchError(
      code === 'ENOENT'
        ? `${cmd} is not installed (not on PATH). Install it with: ${install}`
        : `${cmd} ${args.join(' ')} failed: ${r.error.message}`,
    );
  }
  return `${r.stdout}${r.stderr}`.trim().split('\n')[0] ?? '';
}

// ---- the backends --------------------------------------------------------------------------

interface Backend {
  readonly server: http.Server;
  readonly port: number;
  served: number;
}

function startBackend(): Promise<Backend> {
  return new Promise((resolve, reject) => {
    const backend: { server?: http.Server; port: number; served: number } = {
      port: 0,
      served: 0,
    };
    const server = http.createServer((req, res) => {
      req.resume();
      setTimeout(() => {
        backend.served++;
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '3' });
        res.end('ok\n');
      }, BACKEND_DELAY_MS);
    });
    // Longer than nginx's upstream keepalive_timeout (60 s), so nginx closes idle
    // connections first, as with a well-configured pod.
    server.keepAliveTimeout = 75_000;
    server.headersTimeout = 80_000;
    server.once('error', (err) =>
      reject(new BenchError(`backend: cannot bind a port on 127.0.0.1: ${err.message}`)),
    );
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new BenchError('backend: no TCP address after listen'));
        return;
      }
      backend.server = server;
      backend.port = address.port;
      resolve(backend as Backend);
    });
  });
}

function stopBackend(b: Backend): Promise<void> {
  return new Promise((resolve) => {
    b.server.closeAllConnections();
    b.server.close(() => resolve());
  });
}

/** A port that was free on 127.0.0.1 a moment ago (nginx binds it next; a lost race is reported). */
function freePort(): Promise<number> {
  return sharedFreePort().catch((err: unknown) => {
    throw new BenchError(
      `cannot bind a port on 127.0.0.1 for nginx: ${err instanceof Error ? err.message : String(err)}`,
    );
  });
}

// ---- nginx ---------------------------------------------------------------------------------

/** Roughly what ingress-nginx renders for one Ingress with limit-rps, without the Lua balancer. */
function nginxConf(dir: string, port: number, backends: readonly Backend[]): string {
  const servers = backends
    .map((b) => `        server 127.0.0.1:${b.port} max_fails=0 fail_timeout=0;`)
    .join('\n');
  return `# Written by bench/real-nginx/run.ts; removed when the bench ends.
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;

events {
    worker_connections 4096;
    multi_accept on;
    use epoll;
}

http {
    access_log off;
    client_body_temp_path ${dir}/client_body_temp;
    proxy_temp_path ${dir}/proxy_temp;
    fastcgi_temp_path ${dir}/fastcgi_temp;
    uwsgi_temp_path ${dir}/uwsgi_temp;
    scgi_temp_path ${dir}/scgi_temp;

    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 75s;
    keepalive_requests 1000;
    server_tokens off;

    # nginx.ingress.kubernetes.io/limit-rps: "${LIMIT_RPS}" (per client address)
    limit_req_zone $binary_remote_addr zone=bench_api_rps:5m rate=${LIMIT_RPS}r/s;
    limit_req_status 503;

    upstream bench-api-80 {
${servers}
        keepalive 320;
        keepalive_time 1h;
        keepalive_timeout 60s;
        keepalive_requests 10000;
    }

    server {
        listen 127.0.0.1:${port} default_server;
        server_name ${HOST};

        # Answers the start-up probe, so a port taken by someone else is not mistaken for nginx.
        location = ${READY_PATH} {
            return 200 "${READY_TOKEN}";
        }

        location / {
            limit_req zone=bench_api_rps burst=${LIMIT_RPS * BURST_MULTIPLIER} nodelay;

            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Request-ID $request_id;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;

            proxy_connect_timeout 5s;
            proxy_send_timeout 60s;
            proxy_read_timeout 60s;
            proxy_buffering off;
            proxy_request_buffering on;

            proxy_next_upstream error timeout;
            proxy_next_upstream_timeout 0;
            proxy_next_upstream_tries 3;

            proxy_pass http://bench-api-80;
        }
    }
}
`;
}

function nginxArgs(dir: string): string[] {
  return ['-p', `${dir}/`, '-c', 'conf/nginx.conf', '-g', 'daemon off;'];
}

/** One GET of the ready path; resolves with the status and body, or rejects. */
function probe(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        headers: { host: HOST },
        agent: false,
        timeout: 1000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body = (body + c).slice(0, 200)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function startNginx(dir: string, port: number): Promise<ChildProcess> {
  notInterrupted();
  const test = spawnSync('nginx', [...nginxArgs(dir), '-t'], { encoding: 'utf8', timeout: 10_000 });
  if (test.error || test.status !== 0) {
    throw new BenchError(
      `nginx -t rejected the configuration (${dir}/conf/nginx.conf):\n${test.stderr || test.error?.message}`,
    );
  }
  const child = spawn('nginx', nginxArgs(dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = tail(8_000);
  child.stdout?.on('data', (c: Buffer) => stderr.push(c));
  child.stderr?.on('data', (c: Buffer) => stderr.push(c));
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `code ${String(code)}`;
  });
  child.once('error', (err) => {
    exited = err.message;
  });
  cleanups.push(() => stopChild(child, 'SIGTERM', 5_000));

  const deadline = performance.now() + 10_000;
  let last = '';
  while (performance.now() < deadline) {
    if (exited !== undefined) {
      throw new BenchError(
        `nginx exited at start (${exited}); its stderr (a port it could not bind shows here):\n${stderr.text()}`,
      );
    }
    try {
      const ready = await probe(port, READY_PATH);
      if (ready.status === 200 && ready.body === READY_TOKEN && exited === undefined) {
        // nginx is up; one request through the whole path (nginx → a backend) before the load.
        const through = await probe(port, '/');
        if (through.status !== 200) {
          throw new BenchError(
            `nginx is up but GET / answered ${through.status}, not 200:\n${through.body}\n${stderr.text()}`,
          );
        }
        return child;
      }
      last = `status ${ready.status}, body ${JSON.stringify(ready.body.slice(0, 60))}`;
    } catch (err) {
      if (err instanceof BenchError) throw err;
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new BenchError(
    `nginx did not answer ${READY_PATH} on 127.0.0.1:${port} within 10 s (last: ${last}).\n${stderr.text()}`,
  );
}

// ---- wrk -----------------------------------------------------------------------------------

/** Prints the summary as one JSON line at the end of the run (times in microseconds). */
const WRK_SCRIPT = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "\\nROUTELAB_WRK {\\"durationUs\\":%.0f,\\"requests\\":%.0f,\\"connectErrors\\":%.0f," ..
    "\\"readErrors\\":%.0f,\\"writeErrors\\":%.0f,\\"statusErrors\\":%.0f,\\"timeouts\\":%.0f," ..
    "\\"p50Us\\":%.0f,\\"p95Us\\":%.0f,\\"p99Us\\":%.0f,\\"maxUs\\":%.0f,\\"meanUs\\":%.1f}\\n",
    summary.duration, summary.requests, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
`;

interface WrkSummary {
  readonly durationUs: number;
  readonly requests: number;
  readonly connectErrors: number;
  readonly readErrors: number;
  readonly writeErrors: number;
  /** Responses with status ≥ 400, as wrk counts "Non-2xx or 3xx responses". */
  readonly statusErrors: number;
  readonly timeouts: number;
  readonly p50Us: number;
  readonly p95Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly meanUs: number;
}

function runWrk(script: string, port: number, seconds: number): Promise<WrkSummary> {
  const args = [
    `-t${WRK_THREADS}`,
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    '--timeout',
    '5s',
    '-H',
    `Host: ${HOST}`,
    '-s',
    script,
    `http://127.0.0.1:${port}/`,
  ];
  notInterrupted();
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const stderr = tail(4_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    const stop = (): Promise<void> => stopChild(child, 'SIGTERM', 2_000);
    cleanups.push(stop);
    const watchdog = setTimeout(() => void stop(), seconds * 1000 + WATCHDOG_GRACE_MS);
    child.once('error', (err) => {
      clearTimeout(watchdog);
      reject(new BenchError(`wrk could not start: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(watchdog);
      const line = stdout.split('\n').find((l) => l.startsWith('ROUTELAB_WRK '));
      if (code !== 0 || line === undefined) {
        reject(
          new BenchError(
            `wrk ${args.join(' ')} ended with ${signal ?? `code ${String(code)}`}:\n${stdout}\n${stderr.text()}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(line.slice('ROUTELAB_WRK '.length)) as WrkSummary);
    });
  });
}

// ---- the two runs --------------------------------------------------------------------------

interface RealRun {
  readonly wrk: WrkSummary;
  readonly perBackend: readonly number[];
}

async function runReal(): Promise<RealRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'routelab-real-nginx-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  // nginx run as root hands its workers to "nobody": let them into the prefix.
  chmodSync(dir, 0o755);
  mkdirSync(path.join(dir, 'conf'));

  const backends: Backend[] = [];
  cleanups.push(async () => {
    await Promise.all(backends.map(stopBackend));
  });
  for (let i = 0; i < BACKENDS; i++) backends.push(await startBackend());

  const port = await freePort();
  writeFileSync(path.join(dir, 'conf', 'nginx.conf'), nginxConf(dir, port, backends));
  const script = path.join(dir, 'summary.lua');
  writeFileSync(script, WRK_SCRIPT);

  const nginx = await startNginx(dir, port);
  await runWrk(script, port, WARMUP_S);
  for (const b of backends) b.served = 0;
  const wrk = await runWrk(script, port, LOAD_S);
  const perBackend = backends.map((b) => b.served);
  await stopChild(nginx, 'SIGTERM', 5_000);
  return { wrk, perBackend };
}

function benchYaml(): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: bench
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: "${LIMIT_RPS}"
    nginx.ingress.kubernetes.io/limit-burst-multiplier: "${BURST_MULTIPLIER}"
    nginx.ingress.kubernetes.io/proxy-next-upstream: "error timeout"
    nginx.ingress.kubernetes.io/proxy-next-upstream-tries: "3"
    nginx.ingress.kubernetes.io/proxy-read-timeout: "60"
spec:
  ingressClassName: nginx
  rules:
    - host: ${HOST}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: bench}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: bench}
spec:
  replicas: ${BACKENDS}
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: example/api, ports: [{containerPort: 8080}]}]}
---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: real-nginx-shape}
spec:
  seed: 1
  duration: ${SIM_DURATION_S}s
  network:
    clientRtt: 0.1ms
    podRtt: 0.1ms
  backends:
    - service: bench/api
      latency: ${BACKEND_DELAY_MS}ms
  traffic:
    - url: http://${HOST}/
      rate: ${SIM_RATE}/s
      clients: ${CONNECTIONS}
      pattern: constant
`;
}

interface SimRun {
  readonly result: ReturnType<typeof simulate>;
  readonly wallMs: number;
  readonly loadMs: number;
}

function runSimulated(): SimRun {
  const t0 = performance.now();
  const loaded = loadManifests(benchYaml());
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || loaded.rejected.length > 0) {
    const lines = errors.map((d) => `  ${d.code} ${d.message}`);
    if (loaded.rejected.length > 0) lines.push(`  ${loaded.rejected.length} object(s) rejected`);
    throw new BenchError(`the engine rejected the bench YAML:\n${lines.join('\n')}`);
  }
  const cluster = buildCluster(loaded.resources);
  const loadMs = performance.now() - t0;
  simulate(cluster, { durationMs: 2_000 }); // warm up the JIT on a short run
  const t1 = performance.now();
  const result = simulate(cluster);
  const wallMs = performance.now() - t1;
  return { result, wallMs, loadMs };
}

// ---- the table -----------------------------------------------------------------------------

const int = (n: number): string => Math.round(n).toLocaleString('en');
const ms = (n: number): string => `${n.toFixed(2)} ms`;

interface Versions {
  readonly nginx: string;
  readonly wrk: string;
}

function printTable(real: RealRun, sim: SimRun, versions: Versions): void {
  const w = real.wrk;
  const realSeconds = w.durationUs / 1e6;
  const realRps = w.requests / realSeconds;
  const r = sim.result;
  const simRps = r.requests / (sim.wallMs / 1000);
  const simNon2xx = Object.entries(r.outcomes)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  const socketErrors = w.connectErrors + w.readErrors + w.writeErrors + w.timeouts;
  const perPod = Object.values(r.perPod).map((p) => int(p.requests));

  const rows: [string, string, string][] = [
    ['', 'real nginx', 'simulated'],
    ['requests', int(w.requests), int(r.requests)],
    ['wall time', `${realSeconds.toFixed(2)} s`, `${(sim.wallMs / 1000).toFixed(3)} s`],
    ['requests / wall second', int(realRps), int(simRps)],
    [
      'time covered',
      `${realSeconds.toFixed(2)} s`,
      `${(r.durationMs / 1000).toFixed(0)} s simulated`,
    ],
    ['latency p50', ms(w.p50Us / 1000), ms(r.latencyMs.p50)],
    ['latency p95', ms(w.p95Us / 1000), ms(r.latencyMs.p95)],
    ['latency p99', ms(w.p99Us / 1000), ms(r.latencyMs.p99)],
    ['latency max', ms(w.maxUs / 1000), ms(r.latencyMs.max)],
    ['non-2xx responses', int(w.statusErrors), int(simNon2xx)],
    ['socket errors / timeouts', int(socketErrors), '—'],
    ['rate-limited', '—', int(r.rateLimited)],
    ['retries', '—', int(r.retries)],
    ['per backend', real.perBackend.map(int).join(' / '), perPod.join(' / ')],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i as 0 | 1 | 2].length)));
  const line = (row: [string, string, string]): string =>
    `${row[0].padEnd(widths[0] ?? 0)}   ${row[1].padStart(widths[1] ?? 0)}   ${row[2].padStart(widths[2] ?? 0)}`;

  console.log('');
  console.log(
    `routelab: real nginx vs the engine, same shape — ${BACKENDS} backends answering after ${BACKEND_DELAY_MS} ms, ` +
      `${CONNECTIONS} clients, limit_req (${int(LIMIT_RPS)} r/s, burst ${int(LIMIT_RPS * BURST_MULTIPLIER)}, nodelay) in the path`,
  );
  console.log(
    `${versions.nginx} (worker_processes 1) · ${versions.wrk} (-t${WRK_THREADS} -c${CONNECTIONS} -d${LOAD_S}s after a ${WARMUP_S} s warm-up) · ` +
      `node ${process.version} · ${os.cpus().length} cores`,
  );
  console.log('');
  for (const row of rows) console.log(line(row));
  console.log('');
  console.log(
    `ratio (simulated req per wall s / real req/s)   ${(simRps / realRps).toFixed(1)}×` +
      `   (engine load + build ${sim.loadMs.toFixed(0)} ms, not counted)`,
  );
  console.log(
    'real latency is measured by wrk on 127.0.0.1; simulated latency is simulated time. ' +
      'real non-2xx counts status ≥ 400 as wrk does.',
  );
}

// ---- main ----------------------------------------------------------------------------------

async function main(): Promise<void> {
  const versions: Versions = {
    nginx: versionOf('nginx', ['-v'], 'apt-get install -y nginx-light').replace(
      /^nginx version:\s*/,
      '',
    ),
    wrk: versionOf('wrk', ['--version'], 'apt-get install -y wrk')
      .replace(/\s*\[.*$/, '')
      .replace(/\s*Copyright.*$/, ''),
  };
  console.log(
    `real run: ${versions.nginx} → ${BACKENDS} node backends; wrk ${WARMUP_S} s warm-up, then ${LOAD_S} s…`,
  );
  const real = await runReal();
  await cleanup(); // nginx, backends and temp dir gone before the engine runs
  console.log(`simulated run: ${int(SIM_RATE * SIM_DURATION_S)} requests planned…`);
  const sim = runSimulated();
  printTable(real, sim, versions);
}

try {
  await main();
} catch (err) {
  process.exitCode = 1;
  if (interrupted) {
    // the signal handler reports and exits
  } else if (err instanceof BenchError) console.error(`bench:real: ${err.message}`);
  else console.error(err);
} finally {
  await cleanup();
}
