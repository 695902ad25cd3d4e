import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { encodePackLink } from '../src/app/exercises/packLink.js';
import { expect, test } from './fixtures.js';
import { goToLine, shot, waitForMonaco } from './helpers.js';

test.use({ viewport: { width: 1280, height: 800 } });

const panel = (page: Page) => page.getByRole('complementary', { name: 'Exercises' });
const goal = (page: Page, id: string) => panel(page).locator(`li.goal[data-goal="${id}"]`);
const editorText = (page: Page) => page.locator('.monaco-editor .view-lines');

async function openExercise(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Exercises', exact: true }).click();
  await panel(page).locator(`button[data-exercise="${name}"]`).click();
  await expect(panel(page).locator(`article[data-exercise="${name}"]`)).toBeVisible();
}

test('solving an exercise: a goal red, the fix typed, the goals green and the explanation', async ({
  page,
}) => {
  await page.goto('/');
  await waitForMonaco(page);
  await openExercise(page, 'missing-ingress-class');
  await expect(
    panel(page).getByRole('heading', { name: 'The Ingress that nobody reads' }),
  ).toBeVisible();
  await expect(editorText(page)).toContainText('name: web');
  await expect(goal(page, 'claimed')).toHaveAttribute('data-state', 'unmet');
  await expect(goal(page, 'shop-answers')).toHaveAttribute('data-state', 'unmet');
  await expect(goal(page, 'shop-answers')).toContainText('404');
  await expect(panel(page).getByTestId('explanation')).toHaveCount(0);

  // One hint at a time.
  await panel(page)
    .getByRole('button', { name: /Show a hint/ })
    .click();
  await expect(panel(page).locator('.hint-list li')).toHaveCount(1);
  await expect(
    panel(page).getByRole('button', { name: /Show the next hint \(2 left\)/ }),
  ).toBeVisible();
  await shot(page, 'exercises-1-goals-red');

  // The fix, typed into the editor: spec.ingressClassName on the Ingress (line 7 is "  rules:").
  await goToLine(page, 7);
  await page.keyboard.press('Home');
  // Enter keeps the line's indentation, as it would for someone typing.
  await page.keyboard.insertText('ingressClassName: nginx\n');
  await expect(editorText(page)).toContainText('ingressClassName: nginx');
  await expect(goal(page, 'claimed')).toHaveAttribute('data-state', 'met');
  await expect(goal(page, 'shop-answers')).toHaveAttribute('data-state', 'met');
  await expect(panel(page).getByTestId('goal-count')).toHaveText('2 of 2 met');
  const explanation = panel(page).getByTestId('explanation');
  await expect(explanation).toContainText('An Ingress is only a request for routing');
  await explanation.scrollIntoViewIfNeeded();
  await shot(page, 'exercises-2-solved');

  // Progress stays after a reload: the same exercise, the text, the hint, the solved mark.
  await page.waitForTimeout(500);
  await page.reload();
  await expect(panel(page).locator('article[data-exercise="missing-ingress-class"]')).toBeVisible();
  await expect(goal(page, 'claimed')).toHaveAttribute('data-state', 'met');
  await expect(panel(page).locator('.hint-list li')).toHaveCount(1);
  await panel(page).getByRole('button', { name: '← All exercises' }).click();
  await expect(
    panel(page).locator('button[data-exercise="missing-ingress-class"] .solved-mark'),
  ).toBeVisible();
  await expect(panel(page).getByText('1 of 19 solved')).toBeVisible();
});

test('reveal solution asks first, runs the simulation goals, and the text comes back', async ({
  page,
}) => {
  await page.goto('/');
  await waitForMonaco(page);
  await openExercise(page, 'long-import-timeout');
  const simulated = panel(page).locator('li.goal[data-state]');
  await expect(simulated.first()).not.toHaveAttribute('data-state', 'pending');
  await expect(panel(page).locator('li.goal.unmet')).not.toHaveCount(0);

  // A mark of the learner's own, to find it again after the solution replaced it.
  await goToLine(page, 1);
  await page.keyboard.insertText('# my attempt\n');
  await expect(editorText(page)).toContainText('# my attempt');

  await panel(page).getByRole('button', { name: 'Reveal solution…' }).click();
  await expect(panel(page).getByRole('group', { name: 'Show the solution?' })).toBeVisible();
  await shot(page, 'exercises-3-confirm-reveal');
  await panel(page).getByRole('button', { name: 'Show the solution' }).click();
  await expect(editorText(page)).not.toContainText('# my attempt');
  // Every goal met, the simulated ones included (graded in the worker on Check or a pause).
  await expect(panel(page).locator('li.goal:not(.met)')).toHaveCount(0, { timeout: 15_000 });
  await expect(panel(page).getByTestId('explanation')).toContainText('Solved (with the solution)');
  await shot(page, 'exercises-4-revealed');

  await panel(page)
    .getByRole('button', { name: 'Put back your text before the solution was shown' })
    .click();
  await expect(editorText(page)).toContainText('# my attempt');
  await expect(panel(page).locator('li.goal.unmet')).not.toHaveCount(0);
});

function packFile(name: string): { file: string; text: string } {
  return { file: name, text: readFileSync(`src/exercises/${name}`, 'utf8') };
}

test('a pack from a link opens in the panel; its problems are shown with their lines', async ({
  page,
}) => {
  const broken = {
    file: 'broken.yaml',
    text: [
      'apiVersion: routelab.dev/v1alpha1',
      'kind: Exercise',
      'metadata:',
      '  name: half-written',
      'spec:',
      '  title: Not finished',
      '  goals: nope',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: stray }',
      '---',
      'key: [unclosed',
    ].join('\n'),
  };
  const fragment = encodePackLink([packFile('10-wildcard-hosts.yaml'), broken]);
  await page.goto(`/#${fragment}`);
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).locator('.example-name')).toHaveText('a shared link');
  const problems = panel(page).locator('.pack-problems');
  await expect(problems).toBeVisible();
  await expect(problems.locator('summary')).toContainText('problem');
  await expect(problems).toContainText('broken.yaml, line');
  await expect(problems).toContainText('RL134');
  await expect(panel(page).locator('button[data-exercise="wildcard-hosts"]')).toBeVisible();
  await shot(page, 'exercises-5-pack-from-link');

  await panel(page).locator('button[data-exercise="wildcard-hosts"]').click();
  await expect(panel(page).locator('li.goal.unmet')).not.toHaveCount(0);
});

test('a damaged pack link is refused with a reason; the shipped pack is offered', async ({
  page,
}) => {
  await page.goto('/#pack=not*base64');
  await expect(panel(page).getByRole('alert')).toContainText('The pack link was not opened');
  await expect(panel(page).locator('.exercise-list > li')).toHaveCount(19);
  // The reason stays on screen once the shipped pack is there.
  await expect(panel(page).getByRole('alert')).toContainText('the link is damaged');
});

test('a pack from a file, and the instructor view with a link that opens the pack', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Exercises', exact: true }).click();
  await expect(panel(page).locator('.exercise-list > li')).toHaveCount(19);
  await panel(page)
    .getByTestId('pack-file')
    .setInputFiles([
      {
        name: '16-service-mismatch.yaml',
        mimeType: 'text/yaml',
        buffer: readFileSync('src/exercises/16-service-mismatch.yaml'),
      },
      {
        name: '08-path-types.yaml',
        mimeType: 'text/yaml',
        buffer: readFileSync('src/exercises/08-path-types.yaml'),
      },
    ]);
  await expect(panel(page).locator('.example-name')).toHaveText('2 files');
  await expect(panel(page).locator('.exercise-list > li')).toHaveCount(2);
  // Files are read in the order of their names.
  await expect(panel(page).locator('.exercise-list button').first()).toHaveAttribute(
    'data-exercise',
    'path-types',
  );

  await panel(page).getByRole('button', { name: 'Instructor view' }).click();
  const view = page.getByRole('dialog', { name: /Instructor view/ });
  await expect(view).toBeVisible();
  await expect(view.locator('article.iv-exercise')).toHaveCount(2);
  await expect(view.locator('.iv-solution').first()).toContainText('apiVersion');
  await expect(view.getByRole('heading', { name: 'Hints' })).toHaveCount(2);
  await shot(page, 'exercises-6-instructor-view');
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'exercises-7-instructor-print');
  await page.emulateMedia({ media: 'screen' });

  const link = await view.getByLabel(/Link to this pack/).inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#pack=/);
  await page.keyboard.press('Escape');
  await expect(view).toBeHidden();

  const learner = await context.newPage();
  await learner.goto(link);
  await expect(panel(learner).locator('.exercise-list > li')).toHaveCount(2);
  await expect(panel(learner).locator('.example-name')).toHaveText('a shared link');
  await learner.close();
});
