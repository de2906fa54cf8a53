import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';
import { decodeScenarioLink } from '../src/scenario/url';

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`classroom mode at ${size.width}×${size.height}: no scrollbar, the memory and the narration large`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    const app = await new AppPage(page).open('/?theme=light');
    await app.goTo(5);
    await app.enterClassroom();
    expect(await app.scrolls()).toEqual({ x: false, y: false });
    // The explanation fits its column: no scrollbar inside it either.
    const fits = await app.explanation
      .locator('.fit-box')
      .evaluate((el) => el.scrollHeight <= el.clientHeight + 1);
    expect(fits).toBe(true);
    // Nothing else unless the teacher opens it.
    for (const name of ['Editor', 'Results', 'Counters', 'Breakpoints', 'Inspector'] as const)
      await expect(app.region(name)).toHaveCount(0);
    await expect(app.region('Address space')).toBeVisible();
    await expect(app.explanation).toBeVisible();
    await expect(page.getByText(/^after step 5: /)).toBeVisible();
    // Large type: the narration's text is at least 17 px.
    const px = await app.explanation.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(17);
    // The memory picture takes the larger column.
    const map = (await page.locator('.classroom-map').boundingBox())!;
    const text = (await app.explanation.boundingBox())!;
    expect(map.width).toBeGreaterThan(text.width);
    expect(app.errors).toEqual([]);
  });
}

test('a clicker drives classroom mode; Escape leaves it', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.enterClassroom();
  await app.expectCursor(0);
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  await page.keyboard.press('PageDown');
  await app.expectCursor(1);
  await page.keyboard.press('Space');
  await app.expectCursor(2);
  await page.keyboard.press('ArrowRight');
  await app.expectCursor(3);
  await page.keyboard.press('PageUp');
  await app.expectCursor(2);
  await page.keyboard.press('Shift+Space');
  await app.expectCursor(1);
  await page.keyboard.press('ArrowLeft');
  await app.expectCursor(0);
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).toHaveAttribute('data-classroom', 'false');
  await expect(app.button('Classroom')).toHaveAttribute('aria-pressed', 'false');
  await expect(app.region('Editor')).toBeVisible();
});

test('F asks for full screen in classroom mode', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.enterClassroom();
  await page.evaluate(() => {
    const w = window as unknown as { asked: number };
    w.asked = 0;
    document.documentElement.requestFullscreen = async () => {
      w.asked++;
    };
  });
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  await page.keyboard.press('f');
  expect(await page.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(1);
  await app.button('Full screen').click();
  expect(await page.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(2);
});

test('the mode travels in the link; the old ?present link opens it too', async ({
  page,
  context,
}) => {
  const app = await new AppPage(page).open();
  await app.goTo(3);
  await app.enterClassroom();
  const modeOf = (u: string) => {
    const d = decodeScenarioLink(new URL(u).hash);
    return d.ok ? (d.payload.mode ?? 'app') : d.error;
  };
  await expect.poll(() => modeOf(page.url())).toBe('classroom');
  const other = await new AppPage(await context.newPage()).open(page.url());
  await expect(other.page.locator('html')).toHaveAttribute('data-classroom', 'true');
  await other.expectCursor(3);
  const old = await new AppPage(await context.newPage()).open('/?present');
  await expect(old.page.locator('html')).toHaveAttribute('data-classroom', 'true');
  await expect(old.button('Classroom')).toHaveAttribute('aria-pressed', 'true');
});

test('the teacher opens the walk and the timeline beside the lesson, and closes them', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const app = await new AppPage(page).open();
  await app.goTo(3);
  await app.enterClassroom();
  await app.button('Show').click();
  await page.getByRole('checkbox', { name: 'Page-table walk' }).check();
  await page.getByRole('checkbox', { name: 'Timeline' }).check();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('checkbox', { name: 'Page-table walk' })).toBeHidden();
  await expect(app.walk).toBeVisible();
  await expect(app.walk.getByRole('table')).toContainText('PTE');
  await expect(app.region('Timeline')).toBeVisible();
  expect(await app.scrolls()).toEqual({ x: false, y: false });
  await app.button('Close Page-table walk').click();
  await expect(app.walk).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-classroom', 'true');
});
