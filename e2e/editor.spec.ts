import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';

test('an edit with an error keeps the last good run, and fixing it re-runs', async ({ page }) => {
  const app = await new AppPage(page).open();
  const editor = app.region('Editor');
  const text = editor.getByRole('textbox', { name: 'Scenario text' });
  await expect(text).toBeVisible(); // CodeMirror has loaded
  await app.goTo(3);

  await text.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nfrob(p)');
  const status = editor.getByRole('status');
  await expect(status).toContainText('unknown call "frob"');
  await expect(status).toContainText('the last good run stays on screen');
  // Underlined where it is.
  await expect(editor.locator('.cm-lintRange-error')).toHaveCount(1);
  await expect(app.slider).toHaveAttribute('max', '8');
  await app.expectCursor(3);

  // Fix it: the call becomes a load, the run grows by one step, the cursor stays on step 3.
  for (let i = 0; i < 'frob(p)'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('load(p + 0x3000)');
  await expect(app.slider).toHaveAttribute('max', '9');
  await expect(status).toContainText('The scenario runs as you type');
  await app.expectCursor(3);
  await app.goTo(9);
  await expect(app.explanation).toContainText('load(p + 0x3000) read aa');
});

test('completion offers calls', async ({ page }) => {
  const app = await new AppPage(page).open();
  const text = app.region('Editor').getByRole('textbox', { name: 'Scenario text' });
  await text.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nmpro');
  await expect(page.getByRole('listbox')).toContainText('mprotect');
});

test('the editor marks the step at the cursor; clicking a line number of steps goes there', async ({
  page,
}) => {
  const app = await new AppPage(page).open();
  const editor = app.region('Editor');
  await expect(editor.getByRole('textbox', { name: 'Scenario text' })).toBeVisible();
  await app.goTo(5);
  const current = editor.locator('.cm-step-current');
  await expect(current).toHaveCount(1);
  await expect(current).toContainText('store(');
  await expect(editor.locator('.cm-step-label')).toHaveText('◀ step 5');
  // Each line that runs shows its first step in the gutter; clicking one moves the cursor.
  await editor.locator('.cm-seq-gutter .cm-seq', { hasText: /^3$/ }).click();
  await app.expectCursor(3);
  await expect(editor.locator('.cm-seq-current')).toHaveText('▶3');
  // The keyboard way: Mod-Enter on a line.
  await editor
    .locator('.cm-line', { hasText: /^pagemap\(/ })
    .first()
    .click();
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => app.cursor()).toBeGreaterThan(5);
});
