import { EXAMPLES } from '../src/app/examples/index.js';
import { expect, test } from './fixtures.js';
import { shot, status } from './helpers.js';

test.use({ viewport: { width: 1280, height: 800 } });

test('the gallery lists every example, by keyboard too, and each shows its answer', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await expect(status(page)).toHaveText('200');
  // Keyboard: Tab to the Examples button, Enter opens the dialog, Escape closes it.
  await page.getByRole('button', { name: 'Examples' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Examples' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('button[data-example]')).toHaveCount(EXAMPLES.length);
  await shot(page, 'gallery-1-open');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  for (const example of EXAMPLES) {
    await page.getByRole('button', { name: 'Examples' }).click();
    await dialog.locator(`button[data-example="${example.id}"]`).click();
    await expect(status(page), example.id).toHaveText(
      example.expect === null ? 'No response' : String(example.expect),
    );
    await expect(page.getByLabel('URL', { exact: true })).toHaveValue(example.request.url);
    if (['retries', 'gateway-api', 'traefik', 'contour', 'selector', 'typos'].includes(example.id))
      await shot(page, `gallery-${example.id}`);
  }
});

test('dark theme, chosen or from the system, and everything reachable by keyboard', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(status(page)).toHaveText('200');
  const bg = () =>
    page.evaluate(() => getComputedStyle(document.body.parentElement!).backgroundColor);
  expect(await bg()).toBe('rgb(15, 20, 25)');
  await shot(page, 'theme-1-dark-system');

  await page.getByLabel('Theme').selectOption('light');
  expect(await bg()).toBe('rgb(244, 246, 248)');
  await page.getByLabel('Theme').selectOption('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await bg()).toBe('rgb(15, 20, 25)');

  // Keyboard: the URL field, Enter sends; Tab reaches the stages, Enter opens one.
  await page.getByLabel('URL', { exact: true }).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('https://shop.example.com/');
  await page.keyboard.press('Enter');
  await expect(page.locator('li[data-stage="endpoints"]')).toContainText('frontend:80');
  await page.locator('li[data-stage="match"] .stage-head').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('li[data-stage="match"] .stage-explanation')).toBeVisible();
  await shot(page, 'theme-2-dark-chosen');
});
