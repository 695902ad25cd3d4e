import { expect, test } from './fixtures.js';
import { loadExample, shot, status } from './helpers.js';

test.use({ viewport: { width: 1280, height: 800 } });

test('the Scenario runs in the worker and plays on the graph: counters, charts, controls', async ({
  page,
}) => {
  await page.goto('/');
  await loadExample(page, 'rate-limit');
  await expect(status(page)).toHaveText('200');
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await page.getByRole('button', { name: 'Run the Scenario' }).click();

  // The run's outcomes: 20 requests a second from one client against limit-rps 2 → 429s.
  const outcomes = page.getByRole('list', { name: 'Outcomes per status' });
  await expect(outcomes).toContainText('429');
  await expect(outcomes).toContainText('200');
  await expect(page.locator('.traffic-summary')).toContainText('rate limited');
  await expect(page.getByRole('img', { name: 'Requests per second' })).toBeVisible();

  // The replay: tokens on the canvas, the clock moving (written by the animation loop). At
  // 1× the 3 s run lasts 3 s of real time.
  const clock = page.getByTestId('traffic-clock');
  await page.getByLabel('Speed').selectOption('1');
  await page.getByRole('button', { name: 'Restart' }).click();
  await expect(clock).toContainText('in flight');
  const before = await clock.textContent();
  await page.waitForTimeout(400);
  expect(await clock.textContent()).not.toEqual(before);
  await shot(page, 'traffic-1-rate-limit');

  // Pause holds the clock; speed and restart work; cancel clears the run.
  await page.getByRole('button', { name: 'Pause' }).click();
  const paused = await clock.textContent();
  await page.waitForTimeout(300);
  expect(await clock.textContent()).toEqual(paused);
  await page.getByLabel('Speed').selectOption('20');
  await page.getByRole('button', { name: 'Restart' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(clock).toContainText(/^[0-9.]+ s of 3 s/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Run the Scenario' })).toBeVisible();
});

test('a timeout Scenario shows the 504s and the load per pod', async ({ page }) => {
  await page.goto('/');
  await loadExample(page, 'retries');
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await page.getByRole('button', { name: 'Run the Scenario' }).click();
  await expect(page.locator('.traffic-summary')).toContainText('retries');
  await expect(page.locator('.load').first()).toContainText('orders-');
  await page.waitForTimeout(800);
  await shot(page, 'traffic-2-retries');
});
