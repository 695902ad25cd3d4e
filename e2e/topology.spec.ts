import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { loadExample, selection, shot, status, waitForMonaco } from './helpers.js';

test.use({ viewport: { width: 1280, height: 800 } });

const node = (page: Page, label: string) =>
  page
    .locator('.react-flow__node')
    .filter({ has: page.locator('.topo-label', { hasText: label }) });

test('the graph draws the path from the client to the pods, assumed parts dashed', async ({
  page,
}) => {
  await page.goto('/');
  await waitForMonaco(page);
  await expect(status(page)).toHaveText('200');
  for (const label of [
    'Client',
    'DNS',
    'Load balancer',
    'shop.example.com',
    'location /api/',
    'api',
  ])
    await expect(node(page, label).first()).toBeVisible();
  // No controller in the YAML: its load balancer and replica are assumed, drawn dashed.
  await expect(page.locator('.topo-node.kind-lb.assumed')).toHaveCount(1);
  await expect(page.locator('.topo-node.kind-lb .topo-assumed')).toHaveText('assumed');
  // The trace's path is lit, and ends at the pod that answered.
  await expect(page.locator('.topo-node.on-path')).not.toHaveCount(0);
  await expect(page.locator('.topo-node.kind-pod.on-path')).toHaveCount(1);
  // The edges, in one SVG and one path per look: the trace's lit and drawn over the others,
  // the assumed dashed.
  const edges = page.getByTestId('topo-edges');
  await expect(edges).toHaveCount(1);
  await expect(edges.locator('.topo-edge.on-path')).not.toHaveCount(0);
  await expect(edges.locator('.topo-edge.assumed').first()).toHaveCSS(
    'stroke-dasharray',
    '5px, 4px',
  );
  const lit = await edges
    .locator('.topo-edge')
    .evaluateAll((paths) => paths.map((p) => p.classList.contains('on-path')));
  expect(lit.slice(lit.indexOf(true)).every(Boolean)).toBe(true);
  await shot(page, 'topology-1-shop');

  // Clicking a node shows its details and selects its YAML.
  await node(page, 'api')
    .filter({ has: page.locator('.kind-service') })
    .click();
  const details = page.getByRole('complementary', { name: /Details of api/ });
  await expect(details).toContainText('shop/api');
  await expect(details).toContainText('Selector');
  await expect.poll(async () => (await selection(page))?.first).toBeGreaterThan(40);
  await shot(page, 'topology-2-details');
  await details.getByRole('button', { name: 'Close details' }).click();
  await expect(details).toBeHidden();
});

test('several controllers side by side, and dozens of routes stay readable', async ({ page }) => {
  await page.goto('/');
  await loadExample(page, 'ingress-classes');
  await expect(status(page)).toHaveText('200');
  await expect(page.locator('.topo-node.kind-lb')).toHaveCount(2);
  await expect(page.locator('.topo-node.kind-replica')).toHaveCount(4);
  await shot(page, 'topology-3-two-controllers');

  await loadExample(page, 'gateway-api');
  await expect(status(page)).toHaveText('200');
  await shot(page, 'topology-4-gateway');
});
