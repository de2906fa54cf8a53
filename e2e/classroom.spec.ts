import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';
import { MemoryMapPage } from './support/memory-map';
import { lessonLink } from './fixtures/scenarios';
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
    for (const name of [
      'Editor',
      'Results',
      'Counters',
      'Breakpoints',
      'Inspector',
      'Address space',
      'Physical frames',
      'Timeline',
    ] as const)
      await expect(app.region(name)).toHaveCount(0);
    const map = new MemoryMapPage(page);
    await expect(map.picture).toBeVisible();
    await expect(map.changes).toBeVisible();
    await expect(app.explanation).toBeVisible();
    await expect(page.getByText(/^after step 5: /)).toBeVisible();
    // Large type: the narration's text is at least 17 px.
    const px = await app.explanation.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(17);
    // The memory map takes the larger column, and at least half the height of the screen.
    const mapBox = (await map.region.boundingBox())!;
    const text = (await app.explanation.boundingBox())!;
    expect(mapBox.width).toBeGreaterThan(text.width);
    expect((await map.picture.boundingBox())!.height).toBeGreaterThan(size.height / 2);
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
  // They take the narration's column; the memory map keeps its own, uncovered.
  const mapBox = (await new MemoryMapPage(page).region.boundingBox())!;
  const walkBox = (await app.walk.boundingBox())!;
  expect(mapBox.x + mapBox.width).toBeLessThanOrEqual(walkBox.x);
  await app.button('Close Page-table walk').click();
  await expect(app.walk).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-classroom', 'true');
});

// The key steps of the six lessons issue 8 names: whatever the narration's length and the map's
// shape, classroom mode at 1280×720 never scrolls, the whole map is drawn and the explanation fits.
const KEY_STEPS: [string, number][] = [
  ['zero-page', 7],
  ['fork-cow', 8],
  ['refpage-manual-example', 5],
  ['uffd-missing-fault', 7],
  ['uffd-move-compaction', 10],
  ['mte-sync-async', 7],
];
test('classroom mode at 1280×720 has no scrollbar at the key steps of six lessons', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  for (const [id, step] of KEY_STEPS) {
    const app = await new AppPage(page).open(lessonLink(id, step));
    await app.enterClassroom();
    await expect(page.getByText(new RegExp(`^after step ${step}: `))).toBeVisible();
    await expect(app.slider).toHaveAttribute(
      'aria-valuetext',
      new RegExp(`^Step ${step} of \\d+: `),
    );
    expect(await app.scrolls(), id).toEqual({ x: false, y: false });
    const fits = await page.evaluate(() => {
      const within = (sel: string) => {
        const el = document.querySelector(sel);
        return (
          !!el && el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1
        );
      };
      return {
        map: within('.classroom-memmap-picture'),
        words: within('.classroom-memmap .region-body'),
        explanation: within('.classroom-explain .fit-box'),
      };
    });
    expect(fits, id).toEqual({ map: true, words: true, explanation: true });
    expect(app.errors, id).toEqual([]);
  }
});

test('clicking the map or a bar button with the mouse leaves the clicker its keys', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const app = await new AppPage(page).open(lessonLink('fork-cow', 7));
  await app.enterClassroom();
  await page.evaluate(() => {
    document.documentElement.requestFullscreen = async () => {};
  });
  const map = new MemoryMapPage(page);
  const box = (await map.picture.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.press('ArrowRight');
  await app.expectCursor(8);
  await app.button('Full screen').click();
  await page.keyboard.press('Space');
  await app.expectCursor(9);
  await page.keyboard.press('PageUp');
  await app.expectCursor(8);
  // Tab still reaches the map, where the arrows walk its pages.
  const before = await map.live.textContent();
  await map.picture.focus();
  await page.keyboard.press('ArrowRight');
  await expect(map.live).toHaveText(/^Selected: /);
  await expect(map.live).not.toHaveText(before ?? '');
  await app.expectCursor(8);
  expect(app.errors).toEqual([]);
});
