import { expect, test } from './fixtures.js';

test('the page loads and names itself', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('routelab');
  await expect(page.getByRole('heading', { level: 1, name: 'routelab' })).toBeVisible();
});

test('the page is cross-origin isolated, so the engine worker can share its answer', async ({
  page,
}) => {
  await page.goto('/');
  // vite.config.ts sends COOP and COEP; without them the answer slot is off (a frame slower).
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
});
