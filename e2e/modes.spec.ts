import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';

test('embed mode drops the chrome and links back to the app with the state', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(5);
  await expect.poll(() => page.url()).toMatch(/#v1\./);
  const hash = new URL(page.url()).hash;

  const embed = await new AppPage(page).open(`/?embed${hash}`);
  await embed.expectCursor(5);
  await expect(embed.button('Lessons')).toHaveCount(0);
  await expect(embed.button('Share')).toHaveCount(0);
  await expect(embed.region('Editor')).toHaveCount(0);
  for (const name of ['Timeline', 'Address space', 'Explanation', 'Physical frames'] as const) {
    await expect(embed.region(name)).toBeVisible();
  }
  const open = page.getByRole('link', { name: 'Open in faultline' });
  await expect(open).toHaveAttribute('href', /#v1\./);
  const href = (await open.getAttribute('href'))!;
  expect(new URL(href).searchParams.has('embed')).toBe(false);
  // The link follows the cursor.
  await embed.button('Step back').click();
  await expect.poll(async () => (await open.getAttribute('href')) !== href).toBe(true);
});

test('the app works inside an iframe', async ({ page }) => {
  await new AppPage(page).open();
  await page.setContent(
    `<iframe src="${new URL('/?embed', page.url()).href}" width="1100" height="800" title="faultline"></iframe>`,
  );
  const frame = page.frameLocator('iframe');
  const slider = frame.getByRole('slider', { name: 'Timeline' });
  await expect(slider).toBeVisible();
  await frame.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expect(slider).toHaveValue('1');
});

test('dark theme toggles and persists', async ({ page }) => {
  const app = await new AppPage(page).open('/?theme=light');
  await app.button('Dark theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.open('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('panels can be closed, and the choice travels in the link', async ({ page, context }) => {
  const app = await new AppPage(page).open();
  await app.button('Panels').click();
  await page.getByRole('checkbox', { name: 'Counters' }).uncheck();
  await page.getByRole('checkbox', { name: 'Results' }).uncheck();
  await expect(app.region('Counters')).toHaveCount(0);
  await app.button('Share').click();
  const link = await page.getByRole('textbox', { name: 'Link' }).inputValue();
  const other = await new AppPage(await context.newPage()).open(link);
  await expect(other.region('Results')).toHaveCount(0);
  await expect(other.region('Counters')).toHaveCount(0);
  await expect(other.region('Address space')).toBeVisible();
});

test('pasting another link over the fragment opens it without a reload', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(3);
  await expect.poll(() => page.url()).toMatch(/#v1\./);
  const at3 = page.url();
  await app.goTo(6);
  await expect.poll(() => page.url()).not.toBe(at3);
  await page.evaluate((u) => (window.location.hash = new URL(u).hash), at3);
  await app.expectCursor(3);
});
