import type { Page } from '@playwright/test';
import { expect } from './fixtures.js';

export const STAGES = ['dns', 'l4lb', 'controller', 'tls', 'match', 'endpoints', 'upstream', 'pod'];

export const status = (page: Page) => page.getByTestId('status');
export const stages = (page: Page) =>
  page.getByRole('list', { name: 'Stages' }).locator(':scope > li');
export const stage = (page: Page, id: string) =>
  page.getByRole('list', { name: 'Stages' }).locator(`:scope > li[data-stage="${id}"]`);

/** Screenshots for people to look at: test-results/screens/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png` });
}

interface EditorHook {
  markers(): { owner: string; code: string; line: number; message: string }[];
  selection(): { first: number; last: number; focused: boolean } | null;
}

/** Waits until Monaco has replaced the plain text box. */
export async function waitForMonaco(page: Page): Promise<void> {
  await expect(page.locator('.yaml-editor[data-editor="monaco"] .monaco-editor')).toBeVisible({
    timeout: 15_000,
  });
}

export async function markers(page: Page) {
  return page.evaluate(() =>
    (window as unknown as { routelabEditor: EditorHook }).routelabEditor.markers(),
  );
}

export async function selection(page: Page) {
  return page.evaluate(() =>
    (window as unknown as { routelabEditor: EditorHook }).routelabEditor.selection(),
  );
}

export async function loadExample(page: Page, id: string): Promise<void> {
  await page.getByRole('button', { name: 'Examples' }).click();
  await page.locator(`.gallery button[data-example="${id}"]`).click();
  await expect(page.getByRole('dialog')).toBeHidden();
}

/**
 * Puts the keyboard in the YAML editor. Found by its role and name, as assistive technology
 * finds it: Monaco takes input through an EditContext where the browser has one and through
 * a hidden textarea elsewhere.
 */
export async function focusEditor(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: 'YAML manifests' }).focus();
}

/** Puts the cursor at the start of a line of the Monaco editor (Ctrl+G, as a user would). */
export async function goToLine(page: Page, line: number): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
}

/** Replaces the whole YAML in Monaco, as a user would: select all, paste. */
export async function replaceYaml(page: Page, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await focusEditor(page);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}
