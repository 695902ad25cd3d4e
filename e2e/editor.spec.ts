import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import {
  focusEditor,
  goToLine,
  loadExample,
  markers,
  shot,
  status,
  waitForMonaco,
} from './helpers.js';

test.use({ viewport: { width: 1280, height: 800 } });

/**
 * Opens the quick-fix menu on a line and picks an action. Monaco asks for code actions when
 * Ctrl+. is pressed: on a busy machine the markers of the latest evaluation may arrive just
 * after, so the menu is reopened until the action is offered.
 */
async function applyQuickFix(page: Page, line: number, title: string): Promise<void> {
  const action = page.locator('.action-widget').getByText(title);
  await expect(async () => {
    await page.keyboard.press('Escape');
    await goToLine(page, line);
    await page.keyboard.press('Control+.');
    await expect(action).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 25_000 });
  await action.click();
}

test('Monaco loads from the page itself and shows the engine diagnostics as markers', async ({
  page,
}) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/');
  await waitForMonaco(page);
  // Monaco and its workers come from this server (the guard fails on any other host).
  expect(requests.some((u) => /monacoEditor-.*\.js$/.test(u))).toBe(true);

  await loadExample(page, 'typos');
  await expect(status(page)).toHaveText('No response');
  await expect
    .poll(async () =>
      (await markers(page)).filter((m) => m.owner === 'routelab').map((m) => m.code),
    )
    .toContain('RL104');
  const rl104 = (await markers(page)).find((m) => m.code === 'RL104');
  expect(rl104?.line).toBe(19);
  await expect(page.locator('.monaco-editor .squiggly-error')).not.toHaveCount(0);
  await shot(page, 'editor-1-markers');
});

test('quick fixes repair the YAML and the trace follows', async ({ page }) => {
  // Two fixes, each waiting for a fresh evaluation: slow on a loaded machine.
  test.slow();
  await page.goto('/');
  await waitForMonaco(page);
  await loadExample(page, 'typos');
  await expect(status(page)).toHaveText('No response');
  await expect.poll(async () => (await markers(page)).map((m) => m.code)).toContain('RL104');

  // Line 19: an unquoted number. Ctrl+. offers to quote it.
  await goToLine(page, 19);
  await page.keyboard.press('Control+.');
  const quote = page.locator('.action-widget').getByText('Quote the value: "5"');
  await expect(quote).toBeVisible();
  await shot(page, 'editor-2-quick-fix-menu');
  await quote.click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText(
    'nginx.ingress.kubernetes.io/proxy-connect-timeout: "5"',
  );
  // The Ingress is accepted now: the request routes.
  await expect(status(page)).toHaveText('200');

  // Line 18: the misspelt annotation, ignored until it is renamed.
  await expect
    .poll(async () => (await markers(page)).filter((m) => m.code === 'RL201').length)
    .toBe(1);
  await applyQuickFix(page, 18, 'Rename to proxy-read-timeout');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText(
    'nginx.ingress.kubernetes.io/proxy-read-timeout: "120"',
  );
  await expect
    .poll(async () => (await markers(page)).filter((m) => m.owner === 'routelab').length)
    .toBe(0);
  await shot(page, 'editor-3-fixed');
});

test('hover shows the catalogue entry of an annotation and of a ConfigMap key', async ({
  page,
}) => {
  await page.goto('/');
  await waitForMonaco(page);
  await loadExample(page, 'timeouts');
  const annotation = page
    .locator('.monaco-editor .view-line')
    .filter({ hasText: 'proxy-connect-timeout' })
    .locator('span')
    .filter({ hasText: /proxy-connect-timeout/ })
    .first();
  await annotation.hover();
  const hover = page.locator('.monaco-hover:visible');
  await expect(hover).toContainText('proxy-connect-timeout');
  await expect(hover).toContainText('Default: 5');
  await expect(hover).toContainText('Ingress annotation, and a ConfigMap key');
  await shot(page, 'editor-4-annotation-hover');

  await loadExample(page, 'keep-alive');
  await page.mouse.move(0, 0);
  const key = page
    .locator('.monaco-editor .view-line')
    .filter({ hasText: 'upstream-keepalive-connections' })
    .locator('span')
    .filter({ hasText: /upstream-keepalive-connections/ })
    .first();
  await key.hover();
  await expect(hover).toContainText('ConfigMap key only');
  // The schema is built in: the hover names no source address for it.
  await expect(hover).not.toContainText('Source:');
  await shot(page, 'editor-5-configmap-hover');
  // One entry per key: the schemas' hover and the editor's own do not repeat each other.
  await expect(hover.getByText('upstream-keepalive-connections — ingress-nginx')).toHaveCount(1);
});

test('schemas complete and validate every kind', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await waitForMonaco(page);
  // Every example is clean against the schemas (no schema marker), of every family.
  for (const id of ['shop', 'gateway-api', 'traefik', 'contour', 'timeouts', 'ingress-classes']) {
    await loadExample(page, id);
    await page.waitForTimeout(600);
    const schema = (await markers(page)).filter((m) => m.owner !== 'routelab');
    expect(schema, `schema markers in ${id}`).toEqual([]);
  }

  // pathType takes three values; anything else is marked.
  await loadExample(page, 'shop');
  await goToLine(page, 24);
  await page.keyboard.press('End');
  await page.keyboard.type('x');
  await expect
    .poll(async () =>
      (await markers(page)).filter((m) => m.owner !== 'routelab').map((m) => m.line),
    )
    .toContain(24);

  // Completion offers the kinds routelab reads.
  await goToLine(page, 3);
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type('kind: HTTP');
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.suggest-widget');
  await expect(suggest).toContainText('HTTPRoute');
  await expect(suggest).toContainText('HTTPProxy');
  await shot(page, 'editor-6-completion');
});

test('Tab indents in the editor, and the hint shows the key that lets Tab leave it', async ({
  page,
}) => {
  await page.goto('/');
  await waitForMonaco(page);
  const hint = page.getByTestId('editor-keys');
  await expect(hint).toBeHidden();
  const inEditor = () =>
    page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null);
  await focusEditor(page);
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('Ctrl+M');
  await page.keyboard.press('Tab');
  expect(await inEditor()).toBe(true);
  await shot(page, 'editor-7-tab-hint');
  // As the hint says: Ctrl+M, then Tab moves focus on, out of the editor.
  await page.keyboard.press('Control+M');
  await page.keyboard.press('Tab');
  expect(await inEditor()).toBe(false);
  await expect(hint).toBeHidden();
});

test('until Monaco has loaded, a plain text box edits the YAML, and Monaco takes its text', async ({
  page,
}) => {
  // The editor's chunk held back, as on a slow link.
  let release = (): void => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/monacoEditor-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  const box = page.locator('.yaml-editor[data-editor="plain"] textarea');
  await expect(status(page)).toHaveText('200');
  // Typing in the box re-evaluates: with the shop's host renamed, no DNS record answers for
  // the request's host.
  const shop = await box.inputValue();
  await box.fill(shop.replaceAll('shop.example.com', 'store.example.com'));
  await expect(status(page)).toHaveText('No response');
  // A change from elsewhere reaches the box.
  await loadExample(page, 'hosts');
  await expect(box).toHaveValue(/^# Two sites behind one controller/);
  await box.press('Control+Home');
  await box.pressSequentially('# typed before Monaco\n');
  release();
  await waitForMonaco(page);
  const lines = page.locator('.monaco-editor .view-lines');
  await expect(lines).toContainText('Two sites behind one controller');
  await expect(lines).toContainText('# typed before Monaco');
});

test('the YAML language worker looks for code actions only when the user asks', async ({
  page,
}) => {
  // Records the methods the page calls in its workers (Monaco's worker protocol names them).
  await page.addInitScript(() => {
    const calls: string[] = [];
    (window as unknown as { workerCalls: string[] }).workerCalls = calls;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: never[]) {
      const args = (message as { args?: unknown[] } | null)?.args;
      if (Array.isArray(args) && typeof args[0] === 'string') calls.push(args[0]);
      return post.call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
  const codeActionCalls = () =>
    page.evaluate(
      () =>
        (window as unknown as { workerCalls: string[] }).workerCalls.filter(
          (m) => m === 'getCodeAction',
        ).length,
    );
  await page.goto('/');
  await waitForMonaco(page);
  await expect(status(page)).toHaveText('200');
  // Typing: Monaco asks every provider for actions 250 ms after each key, for its light
  // bulb. monaco-yaml would parse the whole file again each time; it is not asked.
  await goToLine(page, 3);
  await page.keyboard.type('# a');
  await page.waitForTimeout(1_000);
  expect(await codeActionCalls()).toBe(0);
  // Asked for by the user, its actions are looked for.
  await page.keyboard.press('Control+.');
  await expect.poll(codeActionCalls).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
});
