import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';

test('a breakpoint on page faults is hit forwards and backwards', async ({ page }) => {
  const app = await new AppPage(page).open();
  const bp = app.region('Breakpoints');
  await bp.getByRole('checkbox', { name: 'Any page fault' }).check();
  // The default scenario faults at steps 3 (load p), 4 (load p+128K-1) and 5 (store).
  await expect(bp).toContainText('3 steps hit: 3, 4, 5');
  await app.button('Next breakpoint').click();
  await app.expectCursor(3);
  await app.button('Next breakpoint').click();
  await app.expectCursor(4);
  await app.button('Next breakpoint').click();
  await app.expectCursor(5);
  await app.button('Next breakpoint').click();
  await app.expectCursor(5);
  await expect(page.locator('.app-status')).toContainText('No breakpoint hit after this step');
  await app.button('Previous breakpoint').click();
  await app.expectCursor(4);
  await app.button('Go to end').click();
  await app.button('Previous breakpoint').click();
  await app.expectCursor(5);
});

test('a breakpoint on a page stops playback where the page is touched', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(2); // after the mmap: p exists
  await app.selectAddress('p+0x2000');
  await app.inspector.getByRole('button', { name: 'Break on this page' }).click();
  await expect(app.region('Breakpoints')).toContainText('Touches p+0x2000 in main');
  await page.getByLabel('Speed').selectOption('16');
  await app.button('Play').click();
  await expect.poll(() => app.cursor()).toBe(5);
  await expect(app.button('Play')).toBeVisible();
  // The n key seeks the next hit: the store at step 5 is the only access that faults there.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('n');
  await app.expectCursor(5);
  await expect(page.locator('.app-status')).toContainText('No breakpoint hit after this step');
});

test('a breakpoint on an address range, typed with scenario names', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(2);
  const bp = app.region('Breakpoints');
  await bp.getByLabel('Break on range from').fill('p + 128K - PAGE');
  await bp.getByLabel('length').fill('PAGE');
  await bp.getByRole('button', { name: 'Add range breakpoint' }).click();
  await expect(bp).toContainText('Touches p+0x1f000..+0x1000');
  await app.button('Go to start').click();
  await app.button('Next breakpoint').click();
  // load(p + 128K - 1) at step 4 faults on the last page.
  await app.expectCursor(4);
});

test('the b key toggles a breakpoint on the selected page', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(2);
  await app.selectAddress('p+0x2000');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('b');
  await expect(app.region('Breakpoints')).toContainText('Touches p+0x2000 in main');
  await page.keyboard.press('b');
  await expect(app.region('Breakpoints')).toContainText('No breakpoints.');
});

test('breakpoints travel in the share link', async ({ page, context }) => {
  const app = await new AppPage(page).open();
  const bp = app.region('Breakpoints');
  await bp.getByRole('checkbox', { name: 'Any page fault' }).check();
  await app.goTo(2); // p is bound from step 1 on
  await bp.getByLabel('Break on range from').fill('p+0x2000');
  await bp.getByRole('button', { name: 'Add range breakpoint' }).click();
  await expect(bp).toContainText('Touches p+0x2000');
  await app.button('Share').click();
  const link = await page.getByRole('textbox', { name: 'Link' }).inputValue();
  const other = await new AppPage(await context.newPage()).open(link);
  const obp = other.region('Breakpoints');
  await expect(obp.getByRole('checkbox', { name: 'Any page fault' })).toBeChecked();
  await expect(obp).toContainText('Touches p+0x2000');
  await expect(obp).toContainText('3 steps hit: 3, 4, 5');
  await other.button('Next breakpoint').click();
  await other.expectCursor(3);
});
