import { deflateSync, strToU8 } from 'fflate';
import { expect, test } from './fixtures.js';
import { focusEditor, loadExample, shot, status, waitForMonaco } from './helpers.js';

test.use({ viewport: { width: 1280, height: 800 } });

test('the editor autosaves: a reload restores the YAML and the request', async ({ page }) => {
  await page.goto('/');
  await waitForMonaco(page);
  await loadExample(page, 'canary');
  await expect(status(page)).toHaveText('200');
  await page.getByLabel('URL', { exact: true }).fill('http://shop.example.com/checkout/pay');
  // Type into the YAML: a comment at the top.
  await focusEditor(page);
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('# my note\n');
  await expect(page.getByTestId('example-name')).toContainText('(edited)');
  await page.waitForTimeout(700); // the autosave waits for a pause

  await page.reload();
  await waitForMonaco(page);
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('# my note');
  await expect(page.getByLabel('URL', { exact: true })).toHaveValue(
    'http://shop.example.com/checkout/pay',
  );
  await expect(page.getByLabel('Headers')).toHaveValue('X-Canary: always');
  await expect(status(page)).toHaveText('200');
  await shot(page, 'persist-1-restored');
});

test('a share link carries the whole state to another browser', async ({ page, browser }) => {
  await page.goto('/');
  await loadExample(page, 'timeouts');
  await expect(status(page)).toHaveText('504');
  await page.getByRole('button', { name: 'Share link' }).click();
  await expect(page).toHaveURL(/#s=[A-Za-z0-9_-]+$/);
  const url = page.url();
  expect(url.length).toBeLessThan(3000);

  // A fresh browser context: no local storage, only the link.
  const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fresh = await other.newPage();
  const errors: string[] = [];
  fresh.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await fresh.goto(url);
  await expect(fresh.getByTestId('status')).toHaveText('504');
  await expect(fresh.getByLabel('URL', { exact: true })).toHaveValue(
    'http://reports.example.com/import',
  );
  await expect(fresh.getByLabel('Method')).toHaveValue('POST');
  await expect(fresh.getByRole('status')).toContainText('Opened from a shared link');
  await fresh.screenshot({ path: 'test-results/screens/persist-2-shared-link.png' });
  expect(errors).toEqual([]);
  await other.close();
});

test('a hostile or damaged link is refused with a reason and nothing runs', async ({ page }) => {
  // JSON that is not a snapshot, with a script where the YAML should be text.
  const evil = Buffer.from(
    deflateSync(strToU8(JSON.stringify({ v: 1, yaml: { toString: 'alert(1)' } }))),
  ).toString('base64url');
  await page.goto(`/#s=${evil}`);
  await expect(page.getByRole('alert').filter({ hasText: 'shared link' })).toContainText(
    'The shared link was not opened: yaml is not text',
  );
  // The page carries on with its default example.
  await expect(status(page)).toHaveText('200');
  await shot(page, 'persist-3-refused-link');

  // A link that inflates to 8 MB is cut off before it is read.
  const bomb = Buffer.from(deflateSync(new Uint8Array(8 * 1024 * 1024).fill(32))).toString(
    'base64url',
  );
  await page.goto(`/#s=${bomb}`);
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'shared link' })).toContainText(
    'unpacks to more than the page accepts',
  );
});
