import { expect, test } from '@playwright/test';
import { AppPage, REGIONS } from './support/app';

test('every view is a named region and the controls have their names', async ({ page }) => {
  const app = await new AppPage(page).open();
  for (const name of REGIONS) await expect(app.region(name)).toBeVisible();
  for (const name of [
    'Step forward',
    'Step back',
    'Play',
    'Go to start',
    'Go to end',
    'Share',
    'Lessons',
  ]) {
    await expect(app.button(name)).toBeVisible();
  }
  await app.expectCursor(0);
  expect(app.errors).toEqual([]);
});

test('step forward and back with buttons and keys; the explanation follows', async ({ page }) => {
  const app = await new AppPage(page).open();
  await expect(app.explanation).toContainText('Before the first step');
  await app.stepForward();
  await app.expectCursor(1);
  await expect(app.explanation).toContainText('refpage_create');
  await app.stepForward(2);
  await app.expectCursor(3);
  await expect(app.explanation).toContainText('load(p) read aa');
  await expect(app.explanation).toContainText('reference page');
  // The kernel chain links to the modelled kernel's source.
  const link = app.explanation.getByRole('link', { name: 'handle_mm_fault' });
  await expect(link).toHaveAttribute(
    'href',
    'https://elixir.bootlin.com/linux/v6.18/A/ident/handle_mm_fault',
  );
  await app.button('Step back').click();
  await app.expectCursor(2);

  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('ArrowRight');
  await app.expectCursor(3);
  await page.keyboard.press('ArrowLeft');
  await app.expectCursor(2);
  await page.keyboard.press('End');
  await app.expectCursor(8);
  await expect(app.button('Step forward')).toBeDisabled();
  await page.keyboard.press('Home');
  await app.expectCursor(0);
  await app.button('Go to end').click();
  await app.expectCursor(8);
  await app.button('Go to start').click();
  await app.expectCursor(0);
});

test('scrubbing the slider moves to a step without re-running', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(5);
  await expect(app.explanation).toContainText('Step 5');
  await expect(app.explanation).toContainText('allocated');
  await expect(app.slider).toHaveAttribute(
    'aria-valuetext',
    /Step 5 of 8: store\(p \+ 0x2000, "00"\)/,
  );
  // Counters show the memset of the written page at this step.
  await expect(app.region('Counters')).toContainText('bytes memset by the kernel');
});

test('Shift+arrow walks the events inside a step', async ({ page }) => {
  const app = await new AppPage(page).open();
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Shift+ArrowRight');
  const current = app.explanation.locator('li[aria-current="step"]');
  await expect(current).toHaveCount(1);
  const first = await current.textContent();
  await page.keyboard.press('Shift+ArrowRight');
  await expect(current).toHaveCount(1);
  expect(await current.textContent()).not.toBe(first);
  await app.button('Previous event').click();
  await expect(current).toHaveText(first!);
  await app.button('Next event').click();
  await expect(current).not.toHaveText(first!);
});

test('play runs forward and pause stops', async ({ page }) => {
  const app = await new AppPage(page).open();
  await page.getByLabel('Speed').selectOption('16');
  await app.button('Play').click();
  await expect(app.button('Pause')).toBeVisible();
  await expect.poll(() => app.cursor(), { timeout: 5000 }).toBe(8);
  await expect(app.button('Play')).toBeVisible();
  await app.button('Go to start').click();
  await page.getByLabel('Speed').selectOption('0.5');
  await app.button('Play').click();
  await app.button('Pause').click();
  const at = await app.cursor();
  await page.waitForTimeout(2500);
  expect(await app.cursor()).toBe(at);
});

test('help lists every shortcut', async ({ page }) => {
  await new AppPage(page).open();
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  for (const k of [
    'Step forward',
    'Step back',
    'Go to start',
    'Go to end',
    'Play / pause',
    'Next event',
    'Classroom mode: full screen',
    'PageDown / PageUp',
    'Follow the selected PTE',
    'Zoom the memory map',
  ]) {
    await expect(dialog).toContainText(k);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
