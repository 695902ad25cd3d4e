import { expect, test } from './fixtures.js';
import { loadExample, shot, status } from './helpers.js';

test.use({ viewport: { width: 1280, height: 800 } });

test('the lifecycle steps from kubectl apply to the pod and lights each component', async ({
  page,
}) => {
  await page.goto('/');
  await expect(status(page)).toHaveText('200');
  await page.getByRole('tab', { name: 'Lifecycle' }).click();
  const steps = page.getByRole('list', { name: 'Lifecycle stages' }).getByRole('button');
  await expect(steps).toHaveCount(11);
  const stage = page.locator('.lifecycle-stage');
  await expect(stage).toContainText('1.');
  await expect(page.locator('.lifecycle-summary')).toContainText('ingress-nginx reloads');

  // Next, by button and by keyboard; each stage names its component and lights it.
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(stage).toContainText('2.');
  await expect(page.locator('.topo-node.kind-replica.stage-selected')).toHaveCount(1);
  await steps.nth(1).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(stage).toContainText('5.');
  await expect(stage).toContainText('What you would see');
  await shot(page, 'lifecycle-1-proxy-update');
  await page.keyboard.press('End');
  await expect(stage).toContainText('11.');
  await expect(page.locator('.topo-node.kind-pod.stage-selected')).toHaveCount(1);
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(stage).toContainText('10.');
  await expect(page.locator('.topo-node.kind-service.stage-selected')).toHaveCount(1);
  await shot(page, 'lifecycle-2-backend-selection');

  // Autoplay moves on by itself.
  await steps.nth(5).click();
  await page.getByRole('button', { name: 'Autoplay' }).click();
  await expect(stage).toContainText('7.', { timeout: 6000 });
  await page.getByRole('button', { name: 'Pause' }).click();

  // A broken example: the stage that fails says so.
  await loadExample(page, 'typos');
  await expect(page.locator('.step.fail').first()).toBeVisible();
  await page.locator('.step.fail').first().click();
  await expect(stage).toHaveClass(/fail/);
  await shot(page, 'lifecycle-3-rejected');
});

test('the proxy configuration of each family, read-only', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Proxy configuration' }).click();
  const view = page.getByTestId('config-view');
  await expect(view).toContainText('server_name shop.example.com');
  await expect(view).toContainText('location /api/');
  await shot(page, 'config-1-nginx');
  await loadExample(page, 'contour');
  await expect(page.locator('.config h3')).toContainText('Envoy xDS');
  await loadExample(page, 'traefik');
  await expect(page.locator('.config h3')).toContainText('Traefik');
  await expect(view).toContainText('api.example.com');
  await shot(page, 'config-2-traefik');
  // Keyboard: the tabs move with the arrow keys.
  await page.getByRole('tab', { name: 'Proxy configuration' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'Lifecycle' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});
