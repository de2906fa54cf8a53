/**
 * Visual snapshots of the memory map at the key steps of the lessons it exists for, compared
 * against committed images (e2e/memory-map-visual.spec.ts-snapshots/). Deterministic: a fixed
 * viewport, pixel ratio and map width (so the rest of the page's layout cannot move it), DejaVu
 * fonts (Debian's Chromium has them), no motion.
 * `npx playwright test memory-map-visual --update-snapshots` rewrites them after a deliberate change;
 * look at every image before committing it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './support/app';
import { MemoryMapPage } from './support/memory-map';
import { bigMapping, lessonLink, linkTo } from './fixtures/scenarios';

test.use({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });

const FONTS = `:root, :root[data-theme='dark'] {
  --font: 'DejaVu Sans', sans-serif; --mono: 'DejaVu Sans Mono', monospace; }
  .memmap-host { width: 1200px !important; }`;

async function openStill(page: Page, path: string): Promise<MemoryMapPage> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.addInitScript((css) => {
    const add = () => {
      const style = document.createElement('style');
      style.textContent = css;
      (document.head ?? document.documentElement).appendChild(style);
    };
    if (document.documentElement) add();
    else document.addEventListener('readystatechange', add, { once: true });
  }, FONTS);
  await new AppPage(page).open(path);
  const map = new MemoryMapPage(page);
  await expect(map.picture).toBeVisible();
  return map;
}

/** Lesson id → the steps whose picture is the lesson's point. */
const KEY_STEPS: [string, number[], string][] = [
  ['zero-page', [4, 7], 'two reads share the zero page; a write replaces it with a zeroed frame'],
  ['fork-cow', [4, 8, 12, 13], 'fork shares read-only; the child copies; reuse; exit frees'],
  [
    'refpage-manual-example',
    [4, 5],
    'reads fan in on the reference page; a write fills a frame from it',
  ],
  ['uffd-missing-fault', [7, 10], 'T1 asleep on its page; UFFDIO_COPY maps a frame and wakes it'],
  ['uffd-move-compaction', [10, 16], 'UFFDIO_MOVE moves a PTE and its frame to another page'],
  ['mte-sync-async', [3, 7], 'a tagged page; a tag-check fault on it'],
];

for (const [id, steps, what] of KEY_STEPS) {
  for (const k of steps) {
    test(`${id} after step ${k} (${what})`, async ({ page }) => {
      const map = await openStill(page, `${lessonLink(id, k)}`.replace('/#', '/?theme=light#'));
      await expect(map.picture).toHaveScreenshot(`${id}-step-${k}.png`, {
        maxDiffPixels: 100,
      });
    });
  }
}

test('fork-cow after the copy, dark theme', async ({ page }) => {
  const map = await openStill(page, lessonLink('fork-cow', 8).replace('/#', '/?theme=dark#'));
  await expect(map.picture).toHaveScreenshot('fork-cow-step-8-dark.png', {
    maxDiffPixels: 100,
  });
});

test('a 1 GiB mapping: bundles, zoomed out', async ({ page }) => {
  const map = await openStill(page, linkTo(bigMapping, 514).replace('/#', '/?theme=light#'));
  await expect(map.picture).toHaveScreenshot('big-mapping.png', { maxDiffPixels: 100 });
});

/** Serious and critical violations only, as e2e/a11y.spec.ts. */
async function axe(page: Page) {
  const { violations } = await new AxeBuilder({ page }).include('.area-memmap').analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const theme of ['light', 'dark'] as const) {
  test(`the memory map passes axe in the ${theme} theme`, async ({ page }) => {
    test.setTimeout(120_000);
    const sel = { kind: 'page', proc: 'child', addr: 0 };
    const map = await openStill(
      page,
      lessonLink('fork-cow', 8, sel).replace('/#', `/?theme=${theme}#`),
    );
    await map.picture.focus();
    await page.keyboard.press('ArrowRight');
    await expect(map.live).toHaveText(/Selected/);
    expect(await axe(page)).toEqual([]);
    await new AppPage(page).open(
      lessonLink('uffd-missing-fault', 7).replace('/#', `/?theme=${theme}#`),
    );
    expect(await axe(page)).toEqual([]);
  });
}
