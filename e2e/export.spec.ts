import { expect, test, type Download } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { AppPage } from './support/app';
import { linkTo, uffdMissing } from './fixtures/scenarios';

async function exportAs(
  app: AppPage,
  name: string,
): Promise<{ file: string; text: string; d: Download }> {
  await app.button('Export').click();
  const [d] = await Promise.all([app.page.waitForEvent('download'), app.button(name).click()]);
  const path = await d.path();
  const text = await readFile(path, 'latin1');
  return { file: d.suggestedFilename(), text, d };
}

test('exports the scenario as JSON and text', async ({ page }) => {
  const app = await new AppPage(page).open();
  const json = await exportAs(app, 'Scenario JSON');
  expect(json.file).toMatch(/\.json$/);
  expect(JSON.parse(json.text).title).toBe('Pattern-initialised heap with a reference page');
  const text = await exportAs(app, 'Scenario text');
  expect(text.text).toContain('refpage_create("aa", 1)');
});

test('exports the views as PNG and SVG, and a filmstrip', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.goTo(5);
  const png = await exportAs(app, 'Address space PNG');
  expect(png.file).toMatch(/step5\.png$/);
  expect(png.text.slice(1, 4)).toBe('PNG');
  const svg = await exportAs(app, 'Address space SVG');
  expect(svg.text).toContain('<svg');
  expect(svg.text).toContain('reference page');
  const tl = await exportAs(app, 'Timeline SVG');
  expect(tl.text).toContain('<svg');
  const film = await exportAs(app, 'Filmstrip PNG');
  expect(film.file).toMatch(/filmstrip\.png$/);
  expect(film.text.slice(1, 4)).toBe('PNG');
});

test('C export explains why a refpage scenario cannot be a C program', async ({ page }) => {
  const app = await new AppPage(page).open();
  await app.button('Export').click();
  await app.button('C program').click();
  await expect(page.locator('.app-status')).toContainText('never merged');
});

test('C export: the cross-check generator and its C runtime files, bundled in the built app', async ({
  page,
}) => {
  const app = await new AppPage(page).open(linkTo(uffdMissing, 0));
  const c = await exportAs(app, 'C program');
  expect(c.file).toMatch(/\.c$/);
  // the runtime's real .c files, pasted in order, then the scenario's own code
  for (const part of ['runtime/prelude.h', 'runtime/driver.c', 'x86_64/uffd.c', 'x86_64/arch.c'])
    expect(c.text).toContain(`/* ---- src/crosscheck/${part} ---- */`);
  expect(c.text).toContain('static void worker_loop(void)');
  expect(c.text).toContain('ioctl((int)v_uffd, UFFDIO_API, &a)');
  expect(c.text.trimEnd()).toMatch(/static void drive\(void\) \{[\s\S]*\}$/);
  await expect(page.locator('.app-status')).toContainText('C program downloaded');
});
