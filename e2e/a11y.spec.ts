import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AppPage, REGIONS } from './support/app';

// An axe scan of the whole app takes several seconds on a busy 2-core machine.
test.describe.configure({ timeout: 120_000 });

/** Serious and critical violations only: the bar issue 4 sets. */
async function scan(page: Page, include?: string) {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the whole app has no serious or critical axe violations', async ({ page }) => {
  const app = await new AppPage(page).open();
  await expect(app.region('Editor').getByRole('textbox', { name: 'Scenario text' })).toBeVisible();
  expect(await scan(page)).toEqual([]);
});

test('each view passes axe with a page selected mid-run', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(5);
  await app.selectAddress('p+0x2000');
  await expect(app.inspector.getByRole('heading', { name: /Page p\+0x2000/ })).toBeVisible();
  for (const name of REGIONS) {
    const id = await app.region(name).evaluate((el) => {
      el.setAttribute('data-axe', '1');
      return true;
    });
    expect(id).toBe(true);
    expect(await scan(page, `[data-axe]`), name).toEqual([]);
    await app.region(name).evaluate((el) => el.removeAttribute('data-axe'));
  }
});

test('classroom mode passes axe in both themes, with an extra view open', async ({ page }) => {
  const app = await new AppPage(page).open('/?theme=dark');
  await app.goTo(4);
  await app.enterClassroom();
  expect(await scan(page), 'classroom, dark').toEqual([]);
  await app.button('Dark theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await scan(page), 'classroom, light').toEqual([]);
  await app.button('Show').click();
  await page.getByRole('checkbox', { name: 'Page-table walk' }).check();
  await page.getByRole('checkbox', { name: 'Mappings table' }).check();
  await expect(app.walk).toBeVisible();
  await expect(page.getByRole('table', { name: 'Mappings' })).toBeVisible();
  expect(await scan(page), 'classroom with the walk and the Mappings open').toEqual([]);
  await app.button('Dark theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await scan(page), 'classroom, dark, with the walk and the Mappings open').toEqual([]);
});

test('dark theme, embed and dialogs pass axe', async ({ page }) => {
  const app = await new AppPage(page).open('/?theme=dark');
  await app.goTo(4);
  expect(await scan(page), 'dark').toEqual([]);
  await app.open('/?embed&theme=light');
  expect(await scan(page), 'embed').toEqual([]);
  await app.open('/');
  await app.button('Help').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await scan(page), 'help').toEqual([]);
  await page.keyboard.press('Escape');
  await app.button('Lessons').click();
  expect(await scan(page), 'lessons').toEqual([]);
});
