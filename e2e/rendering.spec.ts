import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { focusEditor, status, waitForMonaco } from './helpers.js';

test.use({ viewport: { width: 1280, height: 800 } });

/** A Chromium trace event, as far as these tests read it. */
interface TraceEvent {
  readonly name: string;
  readonly args?: { readonly data?: { readonly nodeName?: string } };
}

/**
 * How many times Chromium laid out the graph's background while `type` ran, from its layout
 * invalidation tracking. A re-laid-out background repaints, and the graph panel is rastered
 * again under it: the work the page must not do on every key.
 */
async function graphBackgroundLayouts(
  browser: Browser,
  page: Page,
  type: () => Promise<void>,
): Promise<number> {
  await browser.startTracing(page, {
    categories: ['disabled-by-default-devtools.timeline.invalidationTracking'],
  });
  await type();
  const trace = JSON.parse((await browser.stopTracing()).toString()) as {
    traceEvents: TraceEvent[];
  };
  return trace.traceEvents.filter(
    (e) =>
      e.name === 'LayoutInvalidationTracking' &&
      (e.args?.data?.nodeName ?? '').includes('react-flow__background'),
  ).length;
}

/**
 * Types `keys` one at a time, each followed by its whole answer on the page: the trace, then
 * the graph and problems (which come a frame later, and may change the page themselves).
 */
async function typeAnswered(page: Page, keys: string): Promise<void> {
  const timing = page.getByTestId('timing');
  for (const key of keys) {
    const before = await timing.getAttribute('data-answer');
    await page.keyboard.type(key);
    await expect(timing).not.toHaveAttribute('data-answer', before ?? '');
    await expect(timing).toContainText('with the graph and problems');
  }
}

test('typing in the YAML or the URL does not lay out and repaint the graph', async ({
  browser,
  page,
}) => {
  await page.goto('/');
  await waitForMonaco(page);
  await expect(status(page)).toHaveText('200');
  // Into a comment: each key is a new text and a new answer, with the same trace. The first
  // key marks the example "(edited)" in the panel's header, a change of its own: typed before.
  await focusEditor(page);
  await page.keyboard.press('ControlOrMeta+End');
  await typeAnswered(page, '\n# ');
  const inYaml = await graphBackgroundLayouts(browser, page, () => typeAnswered(page, 'abcdef'));
  expect(inYaml, 'keys in the YAML').toBe(0);

  const url = page.getByLabel('URL', { exact: true });
  await url.focus();
  await page.keyboard.press('End');
  await typeAnswered(page, '?');
  const inUrl = await graphBackgroundLayouts(browser, page, () => typeAnswered(page, 'q=abc'));
  expect(inUrl, 'keys in the URL').toBe(0);
  await expect(status(page)).toHaveText('200');
});
