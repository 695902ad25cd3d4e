import type { Page } from '@playwright/test';
import { manyIngresses } from '../bench/fixtures.js';
import { expect, test } from './fixtures.js';
import { loadExample, shot, status, waitForMonaco } from './helpers.js';

// A workshop's projector: 1280×800, read from the back of the room.
test.use({ viewport: { width: 1280, height: 800 } });

/** No node or edge text in the graph under this many CSS pixels on screen (size × zoom). */
const MIN_GRAPH_TEXT_PX = 12;
/** WCAG AA for text under 18.66px bold or 24px. */
const AA = 4.5;
const AA_LARGE = 3;

/** The smallest font size × zoom of each kind of graph text, and the nodes out of sight. */
async function graphText(page: Page) {
  return page.evaluate(() => {
    const viewport = document.querySelector('.react-flow__viewport');
    if (!viewport) throw new Error('no graph');
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const sizes: Record<string, number> = {};
    for (const selector of ['.topo-kind', '.topo-label', '.topo-sub', '.edge-label']) {
      for (const el of document.querySelectorAll(selector)) {
        if (!el.textContent) continue;
        const px = parseFloat(getComputedStyle(el).fontSize) * zoom;
        sizes[selector] = Math.min(sizes[selector] ?? Infinity, px);
      }
    }
    const panel = document.querySelector('.graph-panel')?.getBoundingClientRect();
    const cut = [...document.querySelectorAll('.react-flow__node')]
      .filter((n) => {
        const r = n.getBoundingClientRect();
        return (
          !panel ||
          r.left < panel.left ||
          r.right > panel.right ||
          r.top < panel.top ||
          r.bottom > panel.bottom
        );
      })
      .map((n) => n.getAttribute('aria-label'));
    return { zoom, sizes, cut };
  });
}

for (const id of ['shop', 'gateway-api', 'contour']) {
  test(`the ${id} example's graph fits the panel with its text at ${MIN_GRAPH_TEXT_PX}px or more`, async ({
    page,
  }) => {
    await page.goto('/');
    if (id !== 'shop') await loadExample(page, id);
    await expect(status(page)).toHaveText('200');
    await expect(page.locator('.topo-node.on-path').first()).toBeVisible();
    // The fit runs on the next frame after the graph arrives.
    await expect.poll(async () => (await graphText(page)).cut).toEqual([]);
    const { sizes } = await graphText(page);
    for (const selector of ['.topo-kind', '.topo-label', '.topo-sub']) {
      expect(sizes[selector], selector).toBeGreaterThanOrEqual(MIN_GRAPH_TEXT_PX);
    }
    await shot(page, `readability-1-${id}`);
  });
}

test('a graph too large for the panel keeps its text readable and can be panned', async ({
  page,
}) => {
  await page.goto('/');
  await loadExample(page, 'canary');
  await expect(status(page)).toHaveText('200');
  await expect(page.locator('.edge-label').first()).toContainText('canary');
  // The exercise panel takes a third of the width: the graph no longer fits.
  await page.getByRole('button', { name: 'Exercises', exact: true }).click();
  await expect(page.getByRole('complementary', { name: 'Exercises' })).toBeVisible();
  await expect.poll(async () => (await graphText(page)).cut.length).toBeGreaterThan(0);
  const { sizes } = await graphText(page);
  for (const selector of ['.topo-kind', '.topo-label', '.topo-sub', '.edge-label']) {
    expect(sizes[selector], selector).toBeGreaterThanOrEqual(MIN_GRAPH_TEXT_PX);
  }
  // Dragging the pane moves the graph.
  const pane = page.locator('.react-flow__pane');
  const box = await pane.boundingBox();
  if (!box) throw new Error('no pane');
  const client = page.locator('.topo-node.kind-client');
  const before = await client.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + 20, { steps: 5 });
  await page.mouse.up();
  const after = await client.boundingBox();
  expect((after?.x ?? 0) - (before?.x ?? 0)).toBeGreaterThan(100);
  await shot(page, 'readability-2-panned');
});

test('a graph of 200 documents draws only what is in view, and panning brings the rest in', async ({
  page,
}) => {
  // 100 Ingresses of 3 paths and their Services: about 1,800 nodes.
  await page.addInitScript(
    (text) => {
      localStorage.setItem(
        'routelab:snapshot',
        JSON.stringify({
          v: 1,
          yaml: text,
          method: 'GET',
          url: 'http://app-7.example.com/svc1/v0',
        }),
      );
    },
    manyIngresses(100, 3),
  );
  await page.goto('/');
  await expect(status(page)).toHaveText('200');
  const drawn = () =>
    page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => n.dataset['id']));
  // The edges that look alike are the subpaths of one path: each subpath is an edge.
  const drawnEdges = () =>
    page
      .locator('.topo-edge')
      .evaluateAll((paths) =>
        paths.flatMap((p) => (p.getAttribute('d') ?? '').split('M').flatMap((d) => d.trim() || [])),
      );
  // The status comes with the trace; the graph comes after it, in the worker's second message.
  await expect.poll(async () => (await drawn()).length).toBeGreaterThan(0);
  const before = await drawn();
  expect(before.length).toBeLessThan(300);
  // The edges too: about 1,800 in the graph, a few hundred of them may cross the view.
  await expect.poll(async () => (await drawnEdges()).length).toBeGreaterThan(0);
  const edgesBefore = await drawnEdges();
  expect(edgesBefore.length).toBeLessThan(600);
  const { sizes } = await graphText(page);
  expect(sizes['.topo-label']).toBeGreaterThanOrEqual(MIN_GRAPH_TEXT_PX);
  // Dragging the graph up brings nodes that were out of sight into the page.
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (!box) throw new Error('no pane');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height - 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 20, { steps: 5 });
  await page.mouse.up();
  await expect
    .poll(async () => (await drawn()).filter((id) => !before.includes(id)).length)
    .toBeGreaterThan(3);
  // Edges that no longer cross the view leave the page, and those of the nodes come in.
  const edgesAfter = await drawnEdges();
  expect(edgesBefore.filter((id) => !edgesAfter.includes(id)).length).toBeGreaterThan(3);
  expect(edgesAfter.filter((id) => !edgesBefore.includes(id)).length).toBeGreaterThan(0);
  await shot(page, 'readability-2-large-graph');
});

test('hiding the YAML gives its width to the graph; showing it brings the editor back', async ({
  page,
}) => {
  await page.goto('/');
  await waitForMonaco(page);
  await expect(status(page)).toHaveText('200');
  const panelWidth = async () => (await page.locator('.graph-panel').boundingBox())?.width ?? 0;
  const before = await panelWidth();
  await page.getByRole('button', { name: 'Hide YAML' }).click();
  await expect(page.locator('.yaml-editor')).toBeHidden();
  await expect.poll(panelWidth).toBeGreaterThan(before + 300);
  await expect.poll(async () => (await graphText(page)).cut).toEqual([]);
  await shot(page, 'readability-4-yaml-hidden');
  // By keyboard, and the editor comes back as it was.
  const show = page.getByRole('button', { name: 'Show YAML' });
  await expect(show).toHaveAttribute('aria-expanded', 'false');
  await show.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('shop.example.com');
  await expect(page.getByRole('button', { name: 'Hide YAML' })).toBeFocused();
  await expect.poll(panelWidth).toBeLessThan(before + 1);
});

test('on a narrow screen the panels stack, each tall enough to read, and the page scrolls', async ({
  page,
}) => {
  await page.setViewportSize({ width: 820, height: 1000 });
  await page.goto('/');
  await waitForMonaco(page);
  await expect(status(page)).toHaveText('200');
  const height = async (selector: string) =>
    (await page.locator(selector).boundingBox())?.height ?? 0;
  // 60% of the window for the YAML, not one line of it.
  expect(await height('.yaml-editor')).toBeGreaterThan(500);
  expect(await height('.graph-panel')).toBeGreaterThan(400);
  // The trace panel is as tall as the trace: the last stage and the timing line are in it,
  // reached by scrolling the page.
  const timing = page.getByTestId('timing');
  await timing.scrollIntoViewIfNeeded();
  await expect(timing).toBeInViewport();
  const panel = await page.getByRole('tabpanel').boundingBox();
  const line = await timing.boundingBox();
  expect(line && panel && line.y + line.height <= panel.y + panel.height + 1).toBe(true);
  // Not a short box scrolled to the timing line: nothing in it is out of its own sight.
  const overflow = await page
    .getByRole('tabpanel')
    .evaluate((el) => el.scrollHeight - el.clientHeight);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(page, 'readability-5-narrow');
});

/**
 * Every visible text on the page (Monaco's own tokens aside) against the background it is
 * drawn on: the nearest opaque background up the tree, with the opacity on the way.
 */
async function lowContrast(page: Page) {
  return page.evaluate(
    ({ aa, aaLarge }) => {
      const parse = (c: string): [number, number, number, number] => {
        const m = c.match(/rgba?\(([^)]+)\)/);
        if (!m?.[1]) return [0, 0, 0, 0];
        const [r = 0, g = 0, b = 0, a = 1] = m[1].split(/[ ,/]+/).map(Number);
        return [r, g, b, a];
      };
      const over = (
        top: [number, number, number, number],
        under: [number, number, number],
      ): [number, number, number] => [
        top[0] * top[3] + under[0] * (1 - top[3]),
        top[1] * top[3] + under[1] * (1 - top[3]),
        top[2] * top[3] + under[2] * (1 - top[3]),
      ];
      const lum = ([r, g, b]: [number, number, number]) => {
        const f = (v: number) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const background = (el: Element): [number, number, number] => {
        const layers: [number, number, number, number][] = [];
        for (let e: Element | null = el; e; e = e.parentElement) {
          const bg = parse(getComputedStyle(e).backgroundColor);
          if (bg[3] > 0) layers.push(bg);
          if (bg[3] >= 1) break;
        }
        let colour: [number, number, number] = [255, 255, 255];
        for (const layer of layers.reverse()) colour = over(layer, colour);
        return colour;
      };
      const opacity = (el: Element): number => {
        let o = 1;
        for (let e: Element | null = el; e; e = e.parentElement) {
          o *= parseFloat(getComputedStyle(e).opacity);
        }
        return o;
      };
      const problems: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const seen = new Set<Element>();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || seen.has(el) || !n.textContent?.trim()) continue;
        seen.add(el);
        if (el.closest('.monaco-editor, [hidden], .visually-hidden, option')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > innerHeight) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden') continue;
        const bg = background(el);
        const fg = over(parse(style.color), bg);
        const seenFg = over([...fg, opacity(el)], bg);
        const [hi, lo] = [lum(seenFg), lum(bg)].sort((a, b) => b - a) as [number, number];
        const ratio = (hi + 0.05) / (lo + 0.05);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight) >= 700);
        if (ratio < (large ? aaLarge : aa)) {
          problems.push(
            `${ratio.toFixed(2)} "${n.textContent.trim().slice(0, 40)}" (${el.className})`,
          );
        }
      }
      return problems;
    },
    { aa: AA, aaLarge: AA_LARGE },
  );
}

for (const theme of ['light', 'dark'] as const) {
  test(`text meets WCAG AA contrast in the ${theme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.goto('/');
    await page.locator('#theme').selectOption(theme);
    await expect(status(page)).toHaveText('200');
    await expect(page.locator('.topo-node.on-path').first()).toBeVisible();
    expect(await lowContrast(page), 'the trace').toEqual([]);
    // A broken example: failed stages, a node failed at, warnings and skipped stages.
    await loadExample(page, 'typos');
    await expect(page.locator('.stage.fail, .stage.skipped').first()).toBeVisible();
    expect(await lowContrast(page), 'a failing trace').toEqual([]);
    await page.getByRole('tab', { name: 'Lifecycle' }).click();
    await expect(page.locator('.lifecycle-stage')).toBeVisible();
    expect(await lowContrast(page), 'the lifecycle').toEqual([]);
    await shot(page, `readability-3-contrast-${theme}`);
  });
}
