import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';
import { decodeScenarioLink, encodeScenarioLink } from '../src/scenario/url';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../src/scenario/load';

/** The app's first view, read from its lesson file (the app bundles the same text). */
const defaultScenario = loadScenario(
  readFileSync(new URL('../lessons/refpage-manual-example.fl', import.meta.url), 'utf8'),
  'refpage-manual-example.fl',
);

async function shareLink(app: AppPage): Promise<string> {
  await app.button('Share').click();
  const field = app.page.getByRole('textbox', { name: 'Link' });
  await expect(field).toHaveValue(/#v1\./);
  return field.inputValue();
}

test('a share link opened in a fresh page restores the same view', async ({ page, context }) => {
  const app = await new AppPage(page).open();
  await app.goTo(5);
  await app.selectAddress('p+0x2000');
  const link = await shareLink(app);

  const fresh = await context.newPage();
  const other = await new AppPage(fresh).open(link);
  await other.expectCursor(5);
  await expect(other.inspector.getByRole('heading', { name: /Page p\+0x2000/ })).toBeVisible();
  await expect(other.explanation).toContainText('Step 5');
  expect(other.errors).toEqual([]);
});

test('the address bar follows the view', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(4);
  // The fragment is written 250 ms after each change, and the first view may write one before
  // the slider moves: wait for the one that carries this cursor.
  await expect
    .poll(() => {
      const link = decodeScenarioLink(new URL(page.url()).hash);
      return link.ok ? link.payload.cursor : null;
    })
    .toBe(4);
  const url = page.url();
  await page.goto('about:blank');
  const again = await new AppPage(page).open(url);
  await again.expectCursor(4);
});

test('an edited scenario travels in the link', async ({ page, context }) => {
  const app = await new AppPage(page).open();
  const text = app.region('Editor').getByRole('textbox', { name: 'Scenario text' });
  await text.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nstore(p + 0x5000, "42")');
  await expect(app.slider).toHaveAttribute('max', '9');
  const link = await shareLink(app);
  const other = await new AppPage(await context.newPage()).open(link);
  await expect(other.slider).toHaveAttribute('max', '9');
  // The Results table lists every step (the editor draws only the lines in view, and the default
  // lesson's narration pushes the last one out).
  await expect(other.region('Results')).toContainText('store(p + 0x5000, "42")');
});

test('a damaged link says so and opens the default scenario', async ({ page }) => {
  const app = await new AppPage(page).open('/#v1.not-really-a-link');
  await expect(
    page.getByRole('alert').filter({ hasText: 'This link could not be opened' }),
  ).toBeVisible();
  await expect(app.slider).toHaveAttribute('max', '8');
});

test('a link from other semantics says so', async ({ page }) => {
  const link = encodeScenarioLink({ doc: defaultScenario, cursor: 2, semantics: 'f1-e0' });
  const app = await new AppPage(page).open(`/#${link}`);
  await expect(
    page.getByRole('alert').filter({ hasText: 'made under faultline semantics f1-e0' }),
  ).toBeVisible();
  await app.expectCursor(2);
});

test('Share opens a popover that leaves the header in place, and its notice goes away', async ({
  page,
}) => {
  await page.clock.install();
  const app = await new AppPage(page).open();
  const header = page.locator('.app-header');
  const before = await header.boundingBox();
  const layoutTop = await app.region('Timeline').boundingBox();
  await app.button('Share').click();
  const popover = page.getByRole('dialog', { name: 'Share links' });
  await expect(popover).toBeVisible();
  await expect(popover.getByRole('textbox', { name: 'Link' })).toHaveValue(/#v1\./);
  expect(await header.boundingBox()).toEqual(before);
  expect(await app.region('Timeline').boundingBox()).toEqual(layoutTop);
  const note = popover.getByRole('status');
  await expect(note).toHaveText(/copied to the clipboard|Copy the link from the field/);
  await page.clock.runFor(4000);
  await expect(note).toHaveText('');
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
  await expect(app.button('Share')).toHaveAttribute('aria-expanded', 'false');
});

test('on a narrow window the Share popover and the Export and Panels menus stay whole on screen', async ({
  page,
}) => {
  for (const width of [800, 600]) {
    await page.setViewportSize({ width, height: 700 });
    const app = await new AppPage(page).open();
    const header = page.locator('.app-header');
    const before = await header.boundingBox();
    const inside = async (name: string, box: { x: number; width: number } | null) => {
      expect(box, name).not.toBeNull();
      expect(box!.x, `${name} at ${width} px`).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, `${name} at ${width} px`).toBeLessThanOrEqual(width);
    };
    await app.button('Share').click();
    const popover = page.getByRole('dialog', { name: 'Share links' });
    await expect(popover).toBeVisible();
    await inside('the Share popover', await popover.boundingBox());
    await inside(
      'the link field',
      await popover.getByRole('textbox', { name: 'Link' }).boundingBox(),
    );
    await inside('its notice', await popover.getByRole('status').boundingBox());
    expect(await header.boundingBox()).toEqual(before);
    await page.keyboard.press('Escape');
    await expect(popover).toBeHidden();
    await app.button('Export').click();
    await inside(
      'the Export menu',
      await page.getByRole('group', { name: 'Export formats' }).boundingBox(),
    );
    await app.button('Export').click();
    await app.button('Panels').click();
    await inside(
      'the Panels menu',
      await page.getByRole('group', { name: 'Panels to show' }).boundingBox(),
    );
    expect(app.errors).toEqual([]);
  }
});
