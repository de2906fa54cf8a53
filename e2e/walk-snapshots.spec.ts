/**
 * Visual snapshots of the Page-table walk at the key steps of six lessons, compared with committed
 * images (e2e/walk-snapshots.spec.ts-snapshots/). Deterministic: a fixed viewport and scale, the
 * light theme, DejaVu fonts forced (Debian's fonts-dejavu-core; .ci/run installs it), no motion.
 * After a deliberate change to the walk: `npx playwright test walk-snapshots --update-snapshots`,
 * then look at every image before committing it.
 */
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './support/app';
import { lessonLink } from './fixtures/scenarios';
import { readBuiltinLessons } from '../src/lessons/node/files';
import { runScenario } from '../src/engine';
import type { ScenarioDocument } from '../src/scenario/types';

test.use({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: 'light' });

const FONTS = `:root { --font: 'DejaVu Sans', sans-serif; --mono: 'DejaVu Sans Mono', monospace; }
* { caret-color: transparent !important; }`;

const docOf = (id: string): ScenarioDocument => {
  const l = readBuiltinLessons().find((x) => x.id === id);
  if (!l) throw new Error(`no lesson ${id}`);
  return l.doc;
};
const addrOf = (doc: ScenarioDocument, name: string): number => {
  const b = runScenario(doc).finalState.bindings[name];
  if (!b || b.kind !== 'addr') throw new Error(`no address ${name}`);
  return b.value;
};

async function snap(page: Page, id: string, cursor: number, name: string, sel?: object) {
  const app = new AppPage(page);
  await app.open(lessonLink(id, cursor, sel).replace('/#', '/?theme=light#'));
  await page.addStyleTag({ content: FONTS });
  await page.evaluate(() => document.fonts.ready);
  const walk = app.walk;
  await expect(walk).toContainText(`after step ${cursor}`);
  await expect(walk).toHaveScreenshot(`${name}.png`, {
    animations: 'disabled',
    maxDiffPixelRatio: 0.001,
  });
  expect(app.errors).toEqual([]);
}

test('zero page: a read maps the zero page; a write copies away from it', async ({ page }) => {
  await snap(page, 'zero-page', 3, 'zero-page-3-read-maps-zero-page');
  await snap(page, 'zero-page', 7, 'zero-page-7-write-copies');
});

test('fork and copy-on-write: fork write-protects, a write copies, the last writer reuses', async ({
  page,
}) => {
  await snap(page, 'fork-cow', 4, 'fork-cow-4-fork-write-protects');
  await snap(page, 'fork-cow', 8, 'fork-cow-8-child-copies');
  await snap(page, 'fork-cow', 12, 'fork-cow-12-parent-reuses');
});

test('refpage_create: reads map the reference page; a write gets a private copy', async ({
  page,
}) => {
  await snap(page, 'refpage-manual-example', 3, 'refpage-3-read-maps-reference-page');
  await snap(page, 'refpage-manual-example', 5, 'refpage-5-write-allocates');
});

test('userfaultfd missing: the walk stops where the thread sleeps; UFFDIO_COPY fills it', async ({
  page,
}) => {
  await snap(page, 'uffd-missing-fault', 7, 'uffd-missing-7-blocked');
  await snap(page, 'uffd-missing-fault', 10, 'uffd-missing-10-copy-fills');
});

test('UFFDIO_MOVE: the frame leaves the source page and arrives at the destination', async ({
  page,
}) => {
  await snap(page, 'uffd-move-compaction', 10, 'uffd-move-10-destination');
  const from = addrOf(docOf('uffd-move-compaction'), 'from');
  await snap(page, 'uffd-move-compaction', 10, 'uffd-move-10-source', {
    kind: 'page',
    proc: 'main',
    addr: from + 2 * 4096,
  });
});

test('MTE: a tagged page on arm64, and a tag-check fault', async ({ page }) => {
  await snap(page, 'mte-sync-async', 3, 'mte-3-tagged-page');
  await snap(page, 'mte-sync-async', 7, 'mte-7-tag-mismatch');
});
