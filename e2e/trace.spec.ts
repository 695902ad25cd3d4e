import { shopYaml } from '../src/app/examples/shop.js';
import { expect, test } from './fixtures.js';
import {
  loadExample,
  replaceYaml,
  selection,
  shot,
  stage,
  stages,
  STAGES,
  status,
  waitForMonaco,
} from './helpers.js';

test.use({ viewport: { width: 1280, height: 800 } });

test('traces the default example through every stage and follows the request bar', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'routelab' })).toBeVisible();

  // The default example (the shop) routes /api/cart to the API: 200 through all 8 stages.
  await expect(status(page)).toHaveText('200');
  await expect(stages(page)).toHaveCount(STAGES.length);
  const ids = await stages(page).evaluateAll((items) =>
    items.map((li) => li.getAttribute('data-stage')),
  );
  expect(ids).toEqual(STAGES);
  for (const id of STAGES) await expect(stage(page, id).locator('.badge').first()).toHaveText('ok');
  await waitForMonaco(page);
  await shot(page, 'trace-1-shop-200');

  // Clicking a stage opens its explanation, and selects the lines that decided it.
  await stage(page, 'match').getByRole('button').first().click();
  await expect(stage(page, 'match').locator('.stage-explanation')).toBeVisible();
  await expect(stage(page, 'match').getByText('won')).toBeVisible();
  // The match stage names the candidates that lost, and why.
  await expect(stage(page, 'match').locator('.candidates li.lost')).not.toHaveCount(0);
  const source = stage(page, 'match').locator('.sources button.source').first();
  const label = (await source.textContent()) ?? '';
  const [, from, to] = /lines? (\d+)(?:-(\d+))?/.exec(label) ?? [];
  expect(from, `a line range in "${label}"`).toBeDefined();
  await source.click();
  await expect
    .poll(() => selection(page))
    .toEqual({
      first: Number(from),
      last: Number(to ?? from),
      focused: true,
    });
  // Its node in the graph is marked too.
  await expect(page.locator('.topo-node.stage-selected')).not.toHaveCount(0);
  await shot(page, 'trace-2-match-selected');

  // Editing the URL re-runs the trace without pressing Send.
  await page.getByLabel('URL', { exact: true }).fill('https://shop.example.com/products/42');
  await expect(stage(page, 'match')).toContainText('/products/42');
  await expect(stage(page, 'endpoints')).toContainText('frontend:80');
  await expect(status(page)).toHaveText('200');

  // A host that no rule names does not resolve: no response at all.
  await page.getByLabel('URL', { exact: true }).fill('https://nowhere.example.com/');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(status(page)).toHaveText('No response');
  await expect(stage(page, 'dns').locator('.badge').first()).toHaveText('fail');
  await expect(stage(page, 'dns').locator('.stage-explanation')).toBeVisible();
  await shot(page, 'trace-3-unresolved-host');
});

test('the request bar takes headers, client IP and body size', async ({ page }) => {
  await page.goto('/');
  await expect(status(page)).toHaveText('200');
  await page.getByText('Headers, client IP, body').click();
  await page.getByLabel('Headers').fill('not a header');
  await expect(page.locator('.request-problems')).toContainText('expected "Name: value"');
  await page.getByLabel('Headers').fill('X-Request-Id: abc');
  await page.getByLabel('Client IP').fill('192.0.2.44');
  await page.getByLabel('Body bytes').fill('2048');
  await page.getByLabel('Method').selectOption('POST');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.status-explanation')).toContainText('POST');
  await expect(status(page)).toHaveText('200');
  await shot(page, 'trace-4-request-options');
});

test('retries show as separate trips of the token', async ({ page }) => {
  await page.goto('/');
  await loadExample(page, 'retries');
  await expect(status(page)).toHaveText('200');
  await stage(page, 'upstream').getByRole('button').first().click();
  const attempts = stage(page, 'upstream').locator('.attempts li');
  await expect(attempts).toHaveCount(2);
  await expect(attempts.first()).toHaveClass(/fail/);
  // The token travels: it is animating shortly after the answer.
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('trace-token')).toHaveAttribute('data-playing', 'true');
  await shot(page, 'trace-5-retries');
});

test('the token travels on the compositor and rests on its last hop when the graph moves', async ({
  page,
}) => {
  await page.goto('/');
  await waitForMonaco(page);
  await loadExample(page, 'shop');
  await expect(status(page)).toHaveText('200');
  const token = page.getByTestId('trace-token');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(token).toHaveAttribute('data-playing', 'true');
  // Only transform and opacity move: the browser can run the trip off the main thread.
  const animated = await page.evaluate(() =>
    document
      .getAnimations()
      .flatMap((a) => (a.effect as KeyframeEffect).getKeyframes())
      .flatMap((k) => Object.keys(k))
      .filter((key) => !['offset', 'computedOffset', 'easing', 'composite'].includes(key)),
  );
  expect(new Set(animated)).toEqual(new Set(['transform', 'opacity']));
  await expect(token).not.toHaveAttribute('data-playing', 'true', { timeout: 10_000 });
  const pod = page.locator('.topo-node.kind-pod.on-path');
  const centre = async (el: typeof pod) => {
    const b = await el.boundingBox();
    if (!b) throw new Error('not on screen');
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };
  /** How far the token's centre is from the pod's, in pixels. */
  const offPod = async () => {
    const [t, p] = [await centre(token), await centre(pod)];
    return Math.hypot(t.x - p.x, t.y - p.y);
  };
  const podBefore = await centre(pod);
  expect(await offPod()).toBeLessThan(1);
  // A second host with its own route and Service: the same answer, but the nodes move.
  await replaceYaml(
    page,
    `${shopYaml}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: blog
  namespace: shop
spec:
  ingressClassName: nginx
  rules:
    - host: blog.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: blog
                port:
                  number: 80
`,
  );
  await expect(page.locator('.topo-node.kind-host', { hasText: 'blog' })).toBeVisible();
  await expect(status(page)).toHaveText('200');
  const podAfter = await centre(pod);
  expect(Math.hypot(podAfter.x - podBefore.x, podAfter.y - podBefore.y)).toBeGreaterThan(20);
  await expect.poll(offPod).toBeLessThan(1);
});
