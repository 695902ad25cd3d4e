/**
 * Debian's nginx and small Node backends on 127.0.0.1, for runs that compare the engine
 * with the real thing: free ports, a backend that says which pod it is, nginx started in
 * the foreground under a prefix directory and stopped for sure, and one HTTP(S) request.
 * bench/real-nginx/run.ts uses the process helpers too.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** nginx on PATH and its version, or why not. */
export function nginxVersion():
  { readonly ok: true; readonly version: string } | { readonly ok: false; readonly why: string } {
  const r = spawnSync('nginx', ['-v'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      why:
        code === 'ENOENT'
          ? 'nginx is not installed (apt-get install -y nginx-light)'
          : `nginx -v failed: ${r.error.message}`,
    };
  }
  return { ok: true, version: `${r.stdout}${r.stderr}`.trim() };
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Sends `signal`, waits up to `graceMs` for the exit, then SIGKILL. */
export function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** Keeps the last `limit` characters of a stream (for error messages). */
export function tail(limit: number): { push(chunk: Buffer): void; text(): string } {
  let text = '';
  return {
    push(chunk) {
      text = (text + chunk.toString('utf8')).slice(-limit);
    },
    text: () => text.trim(),
  };
}

export interface Backend {
  readonly port: number;
  close(): Promise<void>;
}

/** A pod stand-in: answers 200 with who it is and the request it got (as JSON). */
export function startBackend(identity: {
  readonly pod: string;
  readonly service: string;
}): Promise<Backend> {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      req.resume();
      const body = JSON.stringify({
        pod: identity.pod,
        service: identity.service,
        path: req.url ?? '',
        host: req.headers.host ?? '',
      });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-pod': identity.pod,
        'x-service': identity.service,
      });
      res.end(body);
    });
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no address'));
      resolve({
        port: address.port,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One request to 127.0.0.1:`port` with this Host (and SNI for https); certificates are not checked. */
export function send(o: {
  readonly port: number;
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly path: string;
  readonly method?: string;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options = {
      host: '127.0.0.1',
      port: o.port,
      path: o.path,
      method: o.method ?? 'GET',
      headers: { host: o.host },
      agent: false as const,
      timeout: 10_000,
    };
    const onResponse = (res: http.IncomingMessage): void => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    };
    const req =
      o.scheme === 'https'
        ? https.request({ ...options, servername: o.host, rejectUnauthorized: false }, onResponse)
        : http.request(options, onResponse);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export interface RunningNginx {
  stop(): Promise<void>;
  log(): string;
}

function nginxArgs(dir: string): string[] {
  return ['-p', `${dir}/`, '-c', 'conf/nginx.conf', '-g', 'daemon off;'];
}

/** `nginx -t` on the configuration in `dir/conf/nginx.conf`: null when it passes, else its output. */
export function nginxTest(dir: string): string | null {
  const r = spawnSync('nginx', [...nginxArgs(dir), '-t'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error) return r.error.message;
  return r.status === 0 ? null : `${r.stderr}${r.stdout}`;
}

/** Starts nginx in the foreground and waits until `ready` answers 200 (10 s at most). */
export async function startNginx(
  dir: string,
  ready: { readonly port: number; readonly host: string; readonly path: string },
): Promise<RunningNginx> {
  const child = spawn('nginx', nginxArgs(dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = tail(8_000);
  child.stdout?.on('data', (c: Buffer) => log.push(c));
  child.stderr?.on('data', (c: Buffer) => log.push(c));
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? `code ${String(code)}`));
  child.once('error', (e) => (exited = e.message));
  const running: RunningNginx = {
    stop: () => stopChild(child, 'SIGQUIT', 5_000),
    log: () => log.text(),
  };
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`nginx exited at start (${exited}):\n${log.text()}`);
    try {
      const a = await send({
        port: ready.port,
        scheme: 'http',
        host: ready.host,
        path: ready.path,
      });
      if (a.status === 200) return running;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await running.stop();
  throw new Error(`nginx did not answer on 127.0.0.1:${ready.port} within 10 s:\n${log.text()}`);
}
