import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';
import { linkTo } from './fixtures/scenarios';
import { parseText } from '../src/scenario/text';

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

test('the editor marks the lines where blocked threads sleep, and the iteration of a repeat', async ({
  page,
}) => {
  const doc = parseText(
    [
      '# two threads asleep, then a repeat',
      'u1 = userfaultfd(O_CLOEXEC|O_NONBLOCK)',
      'ioctl(u1, UFFDIO_API, api=0xAA, features=0)',
      'p = mmap(NULL, 4*PAGE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)',
      'ioctl(u1, UFFDIO_REGISTER, start=p, len=2*PAGE, mode=UFFDIO_REGISTER_MODE_MISSING)',
      '[T1] load(p)',
      '[T2] load(p + PAGE)',
      'read(u1)',
      'ioctl(u1, UFFDIO_ZEROPAGE, start=p, len=PAGE, mode=0)',
      'repeat 3 as i {',
      '  store(p + 2*PAGE + i, "01")',
      '}',
    ].join('\n'),
  );
  const app = await new AppPage(page).open(linkTo(doc, 7));
  const editor = app.region('Editor');
  await expect(editor.getByRole('textbox', { name: 'Scenario text' })).toBeVisible();
  // Both threads sleep in handle_userfault: their lines are marked, each with its thread.
  const blocked = editor.locator('.cm-step-blocked');
  await expect(blocked).toHaveCount(2);
  await expect(blocked.nth(0)).toContainText('[T1] load(p)');
  await expect(blocked.nth(1)).toContainText('[T2] load(p + PAGE)');
  await expect(editor.locator('.cm-blocked-label')).toHaveText([
    '‖ main/T1 sleeps here since step 5',
    '‖ main/T2 sleeps here since step 6',
  ]);
  await expect(editor.locator('.cm-step-current')).toContainText('read(u1)');
  // UFFDIO_ZEROPAGE wakes T1 only.
  await app.goTo(8);
  await expect(editor.locator('.cm-blocked-label')).toHaveText([
    '‖ main/T2 sleeps here since step 6',
  ]);
  // Inside the repeat: the body's line, with the iteration.
  await app.goTo(10);
  await expect(editor.locator('.cm-step-current')).toContainText('store(p + 2*PAGE + i, "01")');
  await expect(editor.locator('.cm-step-label')).toHaveText('◀ step 10 · iteration 2 of 3');
  expect(app.errors).toEqual([]);
});
