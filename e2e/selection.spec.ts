import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';

test('selecting a page shows it in every view', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(5);
  await app.selectAddress('p+0x2000');
  // Inspector: the page, its PTE flags, its frame, the contents with the stored byte, its history.
  const insp = app.inspector;
  await expect(insp.getByRole('heading', { name: /Page p\+0x2000/ })).toBeVisible();
  await expect(insp.getByRole('list', { name: 'PTE flags' })).toContainText('✓ present');
  await expect(insp.getByRole('list', { name: 'PTE flags' })).toContainText('✓ write');
  await expect(insp).toContainText('mapcount');
  await expect(insp.getByLabel('Page contents in hex')).toContainText('00 aa aa');
  await expect(
    insp.getByRole('region', { name: 'History' }).or(insp.locator('.history')),
  ).toContainText('step 5');
  // Physical frames: the frame it maps, with arrows from its PTE.
  const frames = app.region('Physical frames');
  await expect(frames).toContainText(/pfn \d+ · anonymous · refcount 1 · mapcount 1/);
  await expect(frames).toContainText('PTE of main at p+0x2000 maps pfn');
  // Tag granules: this machine has no MTE, and says so.
  await expect(app.region('Tag granules')).toContainText('No MTE');
  // Address space: the VMA table shows the page as private (x) in its pagemap.
  await expect(app.region('Address space').getByLabel(/^pagemap /)).toHaveAttribute(
    'aria-label',
    /pagemap r\.x\.+r/,
  );

  // Selecting the frame from the inspector keeps the link: the frame view shows its mapper.
  await insp.getByRole('button', { name: 'Select its frame' }).click();
  await expect(insp.getByRole('heading', { name: /Frame pfn \d+/ })).toBeVisible();
  await expect(insp).toContainText('main p+0x2000');
});

test('clicking a page on the canvas selects it', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(3);
  const canvas = app.region('Address space').locator('canvas');
  const box = await canvas.boundingBox();
  expect(box).not.toBeNull();
  // Row 0 (main), page band; far left is the VMA's first page (p): the reference page.
  await canvas.click({ position: { x: 3, y: 30 } });
  await expect(app.inspector.getByRole('heading', { name: /^Page p / })).toBeVisible();
  await expect(app.inspector).toContainText('reference page');
});

test('the address space zooms with the wheel and pans with a drag that selects nothing', async ({
  page,
}) => {
  const app = await new AppPage(page).open();
  await app.goTo(3);
  const canvas = app.region('Address space').locator('canvas');
  // The mouse acts where the canvas is on screen: bring it into view first.
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const heading = app.inspector.getByRole('heading', { name: /^Page p/ });
  // Zoomed in about the middle, the canvas's left edge is no longer the mapping's first page.
  await page.mouse.move(box.x + box.width / 2, box.y + 30);
  await page.mouse.wheel(0, -600);
  await canvas.click({ position: { x: 3, y: 30 } });
  await expect(heading).toHaveText(/^Page p\+0x/);
  const zoomed = await heading.textContent();
  // A drag to the right pans towards the start; the click that ends it selects nothing.
  await page.mouse.move(box.x + box.width / 2, box.y + 30);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width / 2 + i * 15, box.y + 30);
  await page.mouse.up();
  await expect(heading).toHaveText(zoomed!);
  await canvas.click({ position: { x: 3, y: 30 } });
  await expect(heading).not.toHaveText(zoomed!);
  // Reset: the left edge is the first page again.
  await app.region('Address space').getByRole('button', { name: 'Reset zoom' }).click();
  await canvas.click({ position: { x: 3, y: 30 } });
  await expect(app.inspector.getByRole('heading', { name: /^Page p / })).toBeVisible();
});

test('an address outside every mapping says so', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(2);
  await app.selectAddress('p + 200K');
  await expect(app.region('Address space').getByRole('status')).toContainText('is not mapped');
  await expect(app.inspector).toContainText('not mapped (an access raises SIGSEGV)');
});
