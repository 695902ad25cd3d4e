/**
 * The page's figures, measured in headless Chromium (Debian's /usr/bin/chromium) on
 * `vite preview` of the built page (run `npm run build` first):
 *
 *   - JavaScript before Monaco: every script the page fetches until it asks for the Monaco
 *     chunk, gzip-compressed as a server would send it (the main thread's share, and the
 *     engine worker's, which loads beside it off the main thread).
 *   - First interaction: from navigation start until the request bar accepts input, and
 *     until the first trace is on screen.
 *   - Keystroke to updated trace on a 200-document file: a key typed into Monaco until the
 *     frame that shows the new answer has been drawn, and the engine worker's own time for it;
 *     for the first keys typed on the page, and again after a few hundred more.
 *   - Frames per second of the traffic replay with 500 or more requests in flight.
 *
 * Run: npm run bench:page   (prints the figures; exits 0)
 *
 * ROUTELAB_DIST=<dir> serves another build;
 * ROUTELAB_COMPARE=<dir>,<dir>[,...] times the keys on each build in turns, ROUTELAB_ROUNDS times
 * (3 by default), and prints each build's pooled figures. On a shared 2-CPU machine two runs of
 * one build differ by ±3 ms, so a change of a millisecond or two shows only this way;
 * ROUTELAB_BENCH=keys,fps,load picks the parts to run (all three by default).
 */
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { shopYaml } from '../src/app/examples/shop.js';
import { manyIngresses } from './fixtures.js';

const PORT = 4199;
const BASE = `http://127.0.0.1:${PORT}/`;
const KEYSTROKES = 60;
/**
 * Keys typed, untimed, between the first timed keys and the second: V8 keeps compiling the
 * page's and the workers' code for the first minutes of typing, on the same two cores.
 */
const WARM_UP_KEYS = 240;
/** The pause after each untimed key, like a person typing about four keys a second. */
const WARM_UP_GAP_MS = 250;
const RUNS = 5;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}
function p90(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.9))] ?? NaN;
}
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

async function startPreview(
  outDir: string | undefined = process.env['ROUTELAB_DIST'],
): Promise<() => Promise<void>> {
  // Vite itself, not through npx, so that killing it stops the server.
  const server = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(PORT),
      '--strictPort',
      ...(outDir ? ['--outDir', outDir] : []),
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(BASE)).ok) return () => stopServer(server);
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error('vite preview did not start (run npm run build first)');
}

async function launch() {
  return chromium.launch({
    executablePath: process.env['ROUTELAB_CHROMIUM'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--headless',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Stops the server and waits until its port is free for the next one. */
async function stopServer(server: ReturnType<typeof spawn>): Promise<void> {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill();
  await exited;
}

/** Marks in the page: when #url exists and when the first status is shown. */
const MARKS_SCRIPT = `
  window.__marks = {};
  new MutationObserver(() => {
    const m = window.__marks;
    if (m.input === undefined && document.getElementById('url')) m.input = performance.now();
    if (m.trace === undefined && document.querySelector('[data-testid="status"]')) m.trace = performance.now();
  }).observe(document, { childList: true, subtree: true });
`;

async function bundleAndFirstInteraction(): Promise<void> {
  const browser = await launch();
  const mainThread: { url: string; gzip: number }[] = [];
  const worker: { url: string; gzip: number }[] = [];
  const firstInput: number[] = [];
  const firstTrace: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(MARKS_SCRIPT);
    let monacoAsked = false;
    const pending: Promise<void>[] = [];
    page.on('request', (r) => {
      if (/monacoEditor-[^/]*\.js$/.test(r.url())) monacoAsked = true;
    });
    page.on('response', (response) => {
      const url = response.url();
      // The engine worker's script is counted below, from the build: Playwright reports its
      // fetch on some runs and not on others, and it is not the main thread's.
      if (
        run > 0 ||
        !url.endsWith('.js') ||
        monacoAsked ||
        /monacoEditor-|engine\.worker-/.test(url)
      )
        return;
      pending.push(
        response.body().then((body) => {
          mainThread.push({
            url: url.replace(BASE, ''),
            gzip: gzipSync(body, { level: 9 }).length,
          });
        }),
      );
    });
    await page.goto(BASE);
    await page.getByTestId('status').waitFor();
    await Promise.all(pending);
    const marks = await page.evaluate(
      () => (window as unknown as { __marks: { input: number; trace: number } }).__marks,
    );
    firstInput.push(marks.input);
    firstTrace.push(marks.trace);
    await context.close();
  }
  await browser.close();
  // The engine worker's script: Playwright does not report a dedicated worker's fetch, so
  // it is read from the build (the page starts it at once, beside the main thread).
  const assets = `${process.env['ROUTELAB_DIST'] ?? 'dist'}/assets`;
  for (const name of readdirSync(assets).filter((f) => /^engine\.worker-.*\.js$/.test(f)))
    worker.push({
      url: `assets/${name}`,
      gzip: gzipSync(readFileSync(`${assets}/${name}`), { level: 9 }).length,
    });
  const sum = (xs: { gzip: number }[]): number => xs.reduce((s, x) => s + x.gzip, 0);
  console.log('JavaScript before Monaco (gzip -9):');
  for (const f of mainThread) console.log(`  ${f.url}  ${kb(f.gzip)}`);
  console.log(`  main thread total: ${kb(sum(mainThread))}  (budget 250 KB)`);
  for (const f of worker)
    console.log(`  ${f.url}  ${kb(f.gzip)}  (engine worker, off the main thread)`);
  console.log(`  with the engine worker: ${kb(sum(mainThread) + sum(worker))}`);
  console.log(`First interaction over ${RUNS} loads (ms from navigation start, median / max):`);
  console.log(
    `  request bar accepts input: ${median(firstInput).toFixed(0)} / ${Math.max(...firstInput).toFixed(0)}  (budget 1500)`,
  );
  console.log(
    `  first trace on screen:     ${median(firstTrace).toFixed(0)} / ${Math.max(...firstTrace).toFixed(0)}`,
  );
}

/** The 200-document file: 100 Ingresses with 3 paths each and their 100 Services. */
const TWO_HUNDRED_DOCUMENTS = manyIngresses(100, 3);

interface TypedKeys {
  readonly yaml: KeyFigures;
  /** The same keys, once `WARM_UP_KEYS` more have been typed. */
  readonly yamlWarm: KeyFigures;
  readonly url: KeyFigures;
}

/**
 * Types `count` keys without timing them, each a change the page answers, and leaves the
 * text as it found it: first the `typed` characters before the cursor are deleted, then
 * digits are typed and deleted in turns. The line keeps its length, so keys timed after
 * scroll the editor as the first ones did.
 */
async function warmUp(page: Page, typed: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    if (i < typed || (i - typed) % 2 === 1) await page.keyboard.press('Backspace');
    else await page.keyboard.type(String(i % 10));
    await page.waitForTimeout(WARM_UP_GAP_MS);
  }
}

/** Types the keys into the YAML, then into the URL field, on a fresh page. */
async function typeKeys(): Promise<TypedKeys> {
  const yaml = TWO_HUNDRED_DOCUMENTS;
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Start from the 200-document file, as the autosave would restore it.
  await page.addInitScript((text) => {
    localStorage.setItem(
      'routelab:snapshot',
      JSON.stringify({ v: 1, yaml: text, method: 'GET', url: 'http://app-7.example.com/svc1/v0' }),
    );
  }, yaml);
  await page.goto(BASE);
  await page
    .locator('.yaml-editor[data-editor="monaco"] .monaco-editor')
    .waitFor({ timeout: 60_000 });
  await waitForIdle(page);
  // Type into a comment at the end of line 2 (kind: Ingress): every key changes the text, so
  // the engine re-reads the file, and the answer stays the same.
  await page.getByRole('textbox', { name: 'YAML manifests' }).focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type(' # ');
  await waitForIdle(page);
  const yamlKeys = await measureKeys(page, KEYSTROKES);
  await warmUp(page, KEYSTROKES, WARM_UP_KEYS);
  await waitForIdle(page);
  const yamlWarm = await measureKeys(page, KEYSTROKES);
  // The same file, typing into the URL instead: the YAML is not re-read, only the trace.
  await page.getByLabel('URL', { exact: true }).focus();
  await page.keyboard.press('End');
  await page.keyboard.type('?q=');
  await waitForIdle(page);
  const urlKeys = await measureKeys(page, KEYSTROKES);
  await browser.close();
  return { yaml: yamlKeys, yamlWarm, url: urlKeys };
}

async function keystrokes(): Promise<void> {
  const typed = await typeKeys();
  console.log(
    `Keystroke to updated trace, 200-document file (${TWO_HUNDRED_DOCUMENTS.length} characters), ${KEYSTROKES} keys each:`,
  );
  reportTyped(typed);
}

/** Each build's keys, typed in turns (build A, build B, A, B...) and pooled per build. */
async function compareBuilds(dirs: readonly string[], rounds: number): Promise<void> {
  const pooled = new Map<string, TypedKeys[]>(dirs.map((d) => [d, []]));
  for (let round = 0; round < rounds; round++) {
    for (const dir of dirs) {
      const stop = await startPreview(dir);
      try {
        pooled.get(dir)?.push(await typeKeys());
      } finally {
        await stop();
      }
    }
  }
  const pool = (runs: readonly KeyFigures[]): KeyFigures => ({
    shown: runs.flatMap((r) => r.shown),
    committed: runs.flatMap((r) => r.committed),
    toFrame: runs.flatMap((r) => r.toFrame),
    keyFrame: runs.flatMap((r) => r.keyFrame),
    inKeyFrame: runs.flatMap((r) => r.inKeyFrame),
    worker: runs.flatMap((r) => r.worker),
    job: runs.flatMap((r) => r.job),
  });
  console.log(
    `Keystroke to updated trace, 200-document file, ${rounds} rounds of ${KEYSTROKES} keys per build, builds in turns:`,
  );
  for (const [dir, runs] of pooled) {
    console.log(`${dir}:`);
    reportTyped({
      yaml: pool(runs.map((r) => r.yaml)),
      yamlWarm: pool(runs.map((r) => r.yamlWarm)),
      url: pool(runs.map((r) => r.url)),
    });
  }
}

function reportTyped(typed: TypedKeys): void {
  reportKeys('key in the YAML', typed.yaml);
  reportKeys(`key in the YAML, after ${KEYSTROKES + WARM_UP_KEYS} keys`, typed.yamlWarm);
  reportKeys('key in the URL ', typed.url);
}

function reportKeys(label: string, r: KeyFigures): void {
  const pad = ' '.repeat(label.length);
  const together = r.inKeyFrame.filter(Boolean).length;
  console.log(
    `  ${label}: key typed → new trace on screen: median ${median(r.shown).toFixed(1)} ms, p90 ${p90(r.shown).toFixed(1)} ms  (budget 16)`,
  );
  console.log(
    `  ${pad}  the answer in the key's own frame: ${together} of ${r.shown.length} keys; trace panel's DOM updated: median ${median(r.committed).toFixed(1)} ms`,
  );
  console.log(
    `  ${pad}  key handled, until its frame begins: median ${median(r.toFrame).toFixed(1)} ms; that frame, until drawn: median ${median(r.keyFrame).toFixed(1)} ms`,
  );
  console.log(
    `  ${pad}  the engine worker until the trace: median ${median(r.worker).toFixed(1)} ms, p90 ${p90(r.worker).toFixed(1)} ms`,
  );
  if (r.job.length > 0)
    console.log(
      `  ${pad}  the worker's whole job (then the graph and problems): median ${median(r.job).toFixed(1)} ms, p90 ${p90(r.job).toFixed(1)} ms`,
    );
}

const FRAME_MS = 1000 / 60;

/** Milliseconds per key. */
interface KeyFigures {
  /** From keydown until the frame that shows the new answer has been drawn. */
  readonly shown: number[];
  /** From keydown until the trace panel's DOM holds the new answer. */
  readonly committed: number[];
  /** From keydown until the frame that shows the key begins. */
  readonly toFrame: number[];
  /** That frame, from its start until it has been drawn. */
  readonly keyFrame: number[];
  /** Whether the answer was in the key's own frame (else it came a frame later). */
  readonly inKeyFrame: boolean[];
  /** The engine worker's time until the trace. */
  readonly worker: number[];
  /** The engine worker's whole job (the graph and problems come after the trace). */
  readonly job: number[];
}

/**
 * Types `count` digits, one at a time, each timed from keydown until the answer is on screen:
 * until the frame whose DOM holds the new answer has been drawn, as a user sees it.
 *
 * Chromium runs the frame that shows a key before the worker's message even when the message
 * is already in (it puts rendering first after input). The page reads an answer the worker
 * has finished by the time that frame runs its animation-frame callbacks, or else by the end
 * of its layout (keyFrame.ts), from memory it shares with the worker (worker/answerSlot.ts),
 * and the key and its answer appear together; otherwise the answer comes with the message,
 * and shows in the frame after.
 *
 * "Drawn" is when a task posted from the frame's animation-frame callback runs: after the
 * main thread's whole part of that frame (style, layout, paint, the commit to the compositor).
 */
async function measureKeys(page: Page, count: number): Promise<KeyFigures> {
  const figures: KeyFigures = {
    shown: [],
    committed: [],
    toFrame: [],
    keyFrame: [],
    inKeyFrame: [],
    worker: [],
    job: [],
  };
  for (let i = 0; i < count; i++) {
    // Plain strings, so that nothing the TypeScript loader adds to functions reaches the page.
    await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="timing"]');
      const before = el.dataset.answer;
      const afterFrame = (resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(0);
      };
      // A resize observer's callback runs in a frame after every animation-frame callback
      // (the page's included) and layout: a DOM change before it is in that frame. The page's
      // own observer (keyFrame.ts) was made first, so it is called before this one.
      if (!window.__probe) {
        window.__probe = document.createElement('div');
        window.__probe.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0;pointer-events:none';
        document.body.append(window.__probe);
        new ResizeObserver(() => { window.__callbacksDone = performance.now(); }).observe(window.__probe);
      }
      window.__frame = undefined;
      window.__drawn = new Promise((resolve) => { window.__drawnNow = resolve; });
      window.__done = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (el.dataset.answer === before || !(el.textContent || '').startsWith('Evaluated')) return;
          observer.disconnect();
          const committed = performance.now();
          // Between the key's frame's callbacks and its resize observers: the answer is drawn
          // with that frame. Else it is drawn with the next frame, which is asked for only
          // then (asking for it from inside the key's frame could make Chromium draw that
          // next frame before it runs the task that times the key's).
          const inKeyFrame = window.__frame !== undefined && !(window.__callbacksDone >= window.__frame);
          if (inKeyFrame) resolve({ committed, inKeyFrame });
          else requestAnimationFrame(() => afterFrame((next) => resolve({ committed, inKeyFrame, next })));
        });
        observer.observe(el, { attributes: true, childList: true, characterData: true, subtree: true });
      });
      document.addEventListener('keydown', () => {
        window.__t0 = performance.now();
        // The frame that shows the key: when it begins, when its callbacks are done, and
        // when it has been drawn.
        requestAnimationFrame(() => {
          window.__frame = performance.now();
          window.__probe.style.width = window.__probe.style.width === '1px' ? '2px' : '1px';
          afterFrame(window.__drawnNow);
        });
      }, { once: true, capture: true });
    })()`);
    await page.keyboard.type(String(i % 10));
    const [started, frame, drawn, done] = (await page.evaluate(
      'Promise.all([window.__drawn, window.__done]).then(([drawn, done]) => [window.__t0, window.__frame, drawn, done])',
    )) as [number, number, number, { committed: number; inKeyFrame: boolean; next?: number }];
    const { inKeyFrame } = done;
    const shown = inKeyFrame ? drawn : (done.next ?? NaN);
    figures.shown.push(shown - started);
    figures.committed.push(done.committed - started);
    figures.toFrame.push(frame - started);
    figures.keyFrame.push(drawn - frame);
    figures.inKeyFrame.push(inKeyFrame);
    // A person's keys fall anywhere in the display's 16.7 ms frame; the harness's own round
    // trips would put every key at the same point of it. The pause sweeps the keys across one
    // frame, so the figures hold for any key, not for one lucky or unlucky moment.
    await page.waitForTimeout(250 + (i * FRAME_MS) / count);
    // The worker's time until the trace, and for the whole job (the graph and the problems
    // come in a second message, after the trace is on screen).
    const text = (await page.getByTestId('timing').textContent()) ?? '';
    const ms = /in ([\d.]+) ms/.exec(text)?.[1];
    if (ms) figures.worker.push(Number(ms));
    const all = /problems, ([\d.]+) ms/.exec(text)?.[1];
    if (all) figures.job.push(Number(all));
  }
  return figures;
}

/**
 * Until the page has answered and nothing on it moves. A new path sets the token off on its
 * trip and reveals the trace's stages one by one (about 4 s after the page opens): keys typed
 * meanwhile would time typing beside that animation, not typing into a page at rest.
 */
async function waitForIdle(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (document.querySelector('[data-testid="timing"]')?.textContent ?? '').startsWith(
        'Evaluated',
      ) && document.getAnimations().every((a) => a.playState !== 'running'),
    undefined,
    { timeout: 30_000 },
  );
}

/** The shop example with a busy Scenario: 400 requests a second for a minute. */
const BUSY_SHOP = `${shopYaml}
---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata:
  name: busy-shop
spec:
  duration: 60s
  traffic:
    - url: https://shop.example.com/api/cart
      rate: 200/s
      clients: 50
    - url: https://shop.example.com/
      rate: 200/s
      clients: 50
`;

/**
 * Frames per second while the traffic replay draws at least 500 requests in flight: the
 * shop at 400 requests a second, replayed at 5× (2,000 tokens a second, 600 at most drawn).
 */
async function trafficFps(): Promise<void> {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript((text) => {
    localStorage.setItem(
      'routelab:snapshot',
      JSON.stringify({ v: 1, yaml: text, method: 'GET', url: 'https://shop.example.com/' }),
    );
  }, BUSY_SHOP);
  await page.goto(BASE);
  await page.getByTestId('status').waitFor();
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await page.getByRole('button', { name: 'Run the Scenario' }).click();
  await page.getByLabel('Speed').selectOption('5');
  await page.getByRole('button', { name: 'Restart' }).click();
  await page.waitForTimeout(2000);
  const measured = (await page.evaluate(`new Promise((resolve) => {
    const clock = document.querySelector('[data-testid="traffic-clock"]');
    let frames = 0;
    let minInFlight = Infinity;
    const start = performance.now();
    const step = (now) => {
      frames++;
      const m = /(\\d+) in flight/.exec(clock.textContent || '');
      if (m) minInFlight = Math.min(minInFlight, Number(m[1]));
      if (now - start < 3000) requestAnimationFrame(step);
      else resolve({ fps: (frames * 1000) / (now - start), minInFlight });
    };
    requestAnimationFrame(step);
  })`)) as { fps: number; minInFlight: number };
  await browser.close();
  console.log('Traffic replay (the shop at 400 requests/s, 5×), 3 s of frames:');
  console.log(
    `  ${measured.fps.toFixed(1)} frames per second with at least ${measured.minInFlight} requests in flight  (budget 60 with 500)`,
  );
}

// The machine is shared: figures taken under load are slower, so say what the load was.
console.log(
  `Machine: ${availableParallelism()} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1 / 5 / 15 min)`,
);
const compare = process.env['ROUTELAB_COMPARE'];
if (compare) {
  await compareBuilds(compare.split(','), Number(process.env['ROUTELAB_ROUNDS'] ?? 3));
} else {
  const stop = await startPreview();
  const parts = (process.env['ROUTELAB_BENCH'] ?? 'load,keys,fps').split(',');
  try {
    if (parts.includes('load')) await bundleAndFirstInteraction();
    if (parts.includes('keys')) await keystrokes();
    if (parts.includes('fps')) await trafficFps();
  } finally {
    await stop();
  }
}
