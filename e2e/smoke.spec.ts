import { expect, test } from './fixtures.js';

test('the page loads and names itself', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('routelab');
  await expect(page.getByRole('heading', { level: 1, name: 'routelab' })).toBeVisible();
});
