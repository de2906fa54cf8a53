import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';
import { MemoryMapPage } from './support/memory-map';
import { forkCow, linkTo } from './fixtures/scenarios';
import type { ScenarioDocument } from '../src/scenario/types';

test('the walk follows the step, marks what it changed, and follows a selection', async ({
  page,
}) => {
  // Step 6 of the fixture: the child's store to p copies the shared page.
  const app = await new AppPage(page).open(linkTo(forkCow, 6));
  const walk = app.walk;
  await expect(walk).toContainText('after step 6: store(p, "33") in child');
  const rows = walk.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(5);
  const pte = rows.filter({ has: page.getByRole('rowheader', { name: /^PTE/ }) });
  await expect(pte).toContainText(/changed: re-pointed: pfn \d+ → pfn \d+/);
  await expect(walk.getByRole('list', { name: 'PTE flags' })).toContainText('writable');
  await expect(walk).toContainText(/physical address 0x[0-9a-f]+/);
  // Selecting another page shows its walk instead; it did not change at this step.
  await app.selectAddress('p+0x2000');
  await expect(walk).toContainText('p+0x2000');
  await expect(walk.locator('.change-badge')).toHaveCount(0);
  await expect(walk).toContainText('zero page');
  expect(app.errors).toEqual([]);
});

test('every view marks what the copy-on-write step changed, and says which step it shows', async ({
  page,
}) => {
  const app = await new AppPage(page).open(linkTo(forkCow, 6));
  const changed = app
    .region('Address space')
    .getByRole('group', { name: 'Page-table entries this step changed' });
  await expect(changed).toContainText(/child p: re-pointed: pfn \d+ → pfn \d+/);
  await expect(app.region('Physical frames')).toContainText(
    /pfn \d+: refcount 2 → 1, mapcount 2 → 1/,
  );
  for (const name of ['Address space', 'Physical frames', 'Inspector', 'Counters'] as const)
    await expect(app.region(name).locator('.region-position')).toHaveText(
      '· after step 6: store(p, "33") in child',
    );
  const map = new MemoryMapPage(page);
  await expect(map.region.locator('.region-position')).toHaveText(
    '· after step 6: store(p, "33") in child',
  );
  await expect(map.changes).toContainText(/child p: PTE re-pointed from pfn \d+ to pfn \d+/);
  // The chip selects the page; the Inspector marks its PTE as changed by this step.
  await changed.getByRole('button').first().click();
  await expect(app.inspector).toContainText(/changed at this step: re-pointed/);
  await expect(app.inspector).toContainText('allocated at this step');
  await expect(app.slider).toHaveAttribute(
    'aria-valuetext',
    'Step 6 of 9: store(p, "33") in child',
  );
});

test('arm64: the walk of a 4, 16 and 64 KiB granule, each with its own levels and index bits', async ({
  page,
}) => {
  const doc = (pageSize: number): ScenarioDocument => ({
    faultline: 1,
    machine: { arch: 'arm64', pageSize, mte: true },
    steps: [
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE|PROT_MTE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'q',
      },
      { do: 'store', addr: 'q + PAGE', bytes: '01' },
    ],
  });
  const expected: [number, string, string[], string][] = [
    [
      4096,
      '4 KiB pages · 4 levels',
      ['PGD (level 0)', 'PUD (level 1)', 'PMD (level 2)', 'PTE (level 3)'],
      '11–0',
    ],
    [
      16384,
      '16 KiB pages · 4 levels',
      ['PGD (level 0)', 'PUD (level 1)', 'PMD (level 2)', 'PTE (level 3)'],
      '13–0',
    ],
    [65536, '64 KiB pages · 3 levels', ['PGD (level 1)', 'PMD (level 2)', 'PTE (level 3)'], '15–0'],
  ];
  for (const [pageSize, geometry, levels, offset] of expected) {
    const app = await new AppPage(page).open(linkTo(doc(pageSize), 2));
    const walk = app.walk;
    await expect(walk).toContainText(`arm64 · ${geometry} · 48-bit virtual addresses`);
    await expect(walk.getByRole('rowheader')).toHaveText(levels);
    await expect(walk.getByRole('img')).toHaveAccessibleName(
      new RegExp(`offset 0x0 \\(bits ${offset}\\)`),
    );
    await expect(walk.getByRole('row').last()).toContainText('changed: added');
    await expect(walk).toContainText(`physical address 0x${pageSize.toString(16)}`);
    expect(app.errors).toEqual([]);
  }
});

test('a typed address keeps its byte: the walk ends at that byte of the frame, and a link keeps it', async ({
  page,
  context,
}) => {
  const app = await new AppPage(page).open(linkTo(forkCow, 6));
  await app.selectAddress('p+0x1234');
  const walk = app.walk;
  await expect(walk.locator('.walk-head')).toContainText('p+0x1234');
  await expect(walk.getByRole('img')).toHaveAccessibleName(/offset 0x234 \(bits 11–0\)$/);
  await expect(walk.locator('.walk-end')).toContainText(
    /\+ offset 0x234 = physical address 0x[0-9a-f]*234$/,
  );
  // The other views select the page, as a click does.
  await expect(app.inspector.getByRole('heading', { name: /Page p\+0x1000/ })).toBeVisible();
  // The link carries the byte.
  await expect.poll(() => page.url()).toMatch(/#v1\./);
  const other = await new AppPage(await context.newPage()).open(page.url());
  await expect(other.walk.locator('.walk-head')).toContainText('p+0x1234');
  expect(app.errors).toEqual([]);
});
