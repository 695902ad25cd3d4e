import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const STAGES = ['dns', 'l4lb', 'controller', 'tls', 'match', 'endpoints', 'upstream', 'pod'];

const status = (page: Page) => page.getByTestId('status');
const stages = (page: Page) => page.getByRole('list', { name: 'Stages' }).locator(':scope > li');
const stage = (page: Page, id: string) =>
  page.getByRole('list', { name: 'Stages' }).locator(`:scope > li[data-stage="${id}"]`);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

test.describe('tracing a request through the built-in examples', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('traces the default example, switches examples and follows URL edits', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'routelab' })).toBeVisible();

    // The default example (the shop) routes /api/cart to the API: 200 through all 8 stages.
    await expect(status(page)).toHaveText('200');
    await expect(stages(page)).toHaveCount(STAGES.length);
    const ids = await stages(page).evaluateAll((items) =>
      items.map((li) => li.getAttribute('data-stage')),
    );
    expect(ids).toEqual(STAGES);
    for (const id of STAGES) {
      await expect(stage(page, id).locator('.badge').first()).toHaveText('ok');
    }
    await expect(stage(page, 'match')).toContainText('/api/');
    await expect(stage(page, 'match').getByText('won')).toBeVisible();
    await shot(page, '1-shop-200');

    // A stage's explanation opens, and its source selects the YAML lines it names.
    await stage(page, 'match').getByText('Why').click();
    await expect(stage(page, 'match').locator('.stage-explanation')).toBeVisible();
    const source = stage(page, 'match').locator('button.source').first();
    const label = (await source.textContent()) ?? '';
    const [, from, to] = /lines? (\d+)(?:-(\d+))?/.exec(label) ?? [];
    expect(from, `a line range in "${label}"`).toBeDefined();
    await source.click();
    const selected = await page.locator('#yaml').evaluate((el) => {
      const t = el as HTMLTextAreaElement;
      const before = t.value.slice(0, t.selectionStart);
      return {
        first: before.split('\n').length,
        last:
          before.split('\n').length +
          t.value.slice(t.selectionStart, t.selectionEnd).split('\n').length -
          1,
        focused: document.activeElement === t,
      };
    });
    expect(selected).toEqual({ first: Number(from), last: Number(to ?? from), focused: true });
    await shot(page, '2-shop-source-selected');

    // An Ingress without a class is ignored: the default backend answers 404.
    await page.getByLabel('Example', { exact: true }).selectOption('missing-class');
    await expect(status(page)).toHaveText('404');
    await expect(stage(page, 'match')).toContainText(/default backend/i);
    await expect(stage(page, 'match').locator('.badge').first()).toHaveText('fail');
    await expect(stage(page, 'pod').locator('.badge').first()).toHaveText('skipped');
    await expect(page.locator('#diagnostics')).toContainText('RL208');
    await shot(page, '3-missing-class-404');

    // The Service's targetPort matches no container port: connection refused, 502.
    await page.getByLabel('Example', { exact: true }).selectOption('wrong-port');
    await expect(status(page)).toHaveText('502');
    await expect(stage(page, 'upstream').locator('.log')).toContainText('Connection refused');
    await shot(page, '4-wrong-port-502');

    // Back to the shop; editing the URL re-runs the trace without pressing Send.
    await page.getByLabel('Example', { exact: true }).selectOption('shop');
    await expect(status(page)).toHaveText('200');
    await expect(stage(page, 'endpoints')).toContainText('api:80');
    await page.getByLabel('URL', { exact: true }).fill('https://shop.example.com/products/42');
    await expect(stage(page, 'match')).toContainText('/products/42');
    await expect(stage(page, 'endpoints')).toContainText('frontend:80');
    await expect(status(page)).toHaveText('200');

    // A host that no rule names does not resolve: no response at all.
    await page.getByLabel('URL', { exact: true }).fill('https://nowhere.example.com/');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(status(page)).toHaveText('No response');
    await expect(stage(page, 'dns').locator('.badge').first()).toHaveText('fail');
    await shot(page, '5-unresolved-host');
  });

  test('is usable from the keyboard and in the dark theme', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/');
    await expect(status(page)).toHaveText('200');
    await page.getByLabel('URL', { exact: true }).focus();
    await page.getByLabel('URL', { exact: true }).press('Control+A');
    await page.keyboard.type('https://shop.example.com/');
    await page.keyboard.press('Enter');
    await expect(stage(page, 'endpoints')).toContainText('frontend:80');
    await page.getByLabel('Headers').fill('not a header');
    await expect(page.getByRole('alert')).toContainText('expected "Name: value"');
    await shot(page, '6-dark');
  });
});
