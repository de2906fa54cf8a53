import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';
import { bigMapping, forkCow, lessonLink, uffdMissing, linkTo } from './fixtures/scenarios';
import { MemoryMapPage } from './support/memory-map';

test('the memory map is the first view, with its picture and its Mappings table', async ({
  page,
}) => {
  const app = await new AppPage(page).open();
  const first = page.getByRole('main').getByRole('region').first();
  await expect(first).toHaveAccessibleName('Memory map');
  const map = new MemoryMapPage(page);
  await expect(map.picture).toHaveAccessibleName(/^Memory map: 1 process \(main\)/);
  await expect(map.mappings).toBeVisible();
  expect(app.errors).toEqual([]);
});

test('fork and copy-on-write: the child’s page lets go of the shared frame and maps a copy', async ({
  page,
}) => {
  const app = await new AppPage(page).open(lessonLink('fork-cow', 7));
  const map = new MemoryMapPage(page);
  // Before the copy: the child maps pfn 1 read-only, shared with the parent.
  await expect(map.cells('child', 'p')).toContainText([
    'child',
    'p',
    '1',
    'no (read-only)',
    'main p',
  ]);
  await app.stepForward();
  await expect(map.cells('child', 'p')).toContainText(['child', 'p', '3', 'yes', '—']);
  await expect(map.row('child', 'p')).toContainText('re-pointed from pfn 1');
  await expect(map.changes).toContainText('pfn 3 allocated: a copy of pfn 1');
  await expect(map.changes).toContainText('pfn 1: mapcount 2 → 1');
  // Back again: the table follows the cursor.
  await app.button('Step back').click();
  await expect(map.cells('child', 'p')).toContainText(['1', 'no (read-only)']);
  expect(app.errors).toEqual([]);
});

test('keyboard: arrows walk pages and frames, Enter follows a PTE, and stepping keys still step', async ({
  page,
}) => {
  const app = await new AppPage(page).open(lessonLink('fork-cow', 8));
  const map = new MemoryMapPage(page);
  await map.picture.focus();
  await page.keyboard.press('ArrowRight');
  await expect(map.live).toHaveText(/Selected: page p of main → pfn 1/);
  await page.keyboard.press('ArrowDown');
  await expect(map.live).toHaveText(/Selected: pfn 1,/);
  await page.keyboard.press('ArrowDown');
  await expect(map.live).toHaveText(/Selected: page p of child → pfn 3 \(anonymous\), writable/);
  await page.keyboard.press('Enter');
  await expect(map.live).toHaveText(/Selected: pfn 3,.*mapped by child p\./);
  // The arrows moved the selection, not the cursor.
  await app.expectCursor(8);
  // The table's buttons select too.
  await map.mappings.getByRole('button', { name: 'p+0x1000' }).first().click();
  await expect(app.inspector.getByRole('heading', { name: /Page p\+0x1000/ })).toBeVisible();
});

test('Shift+arrows walk the step’s events, and the map marks each one’s part', async ({ page }) => {
  const app = await new AppPage(page).open(lessonLink('fork-cow', 7));
  const map = new MemoryMapPage(page);
  // The run first: a key pressed before it arrives moves nothing (the slider's max is still 0).
  await app.expectCursor(7);
  await page.locator('body').press('Shift+ArrowRight');
  await app.expectCursor(8);
  await expect(map.currentChange).toHaveText(/child p: write fault/);
  await page.locator('body').press('Shift+ArrowRight');
  await expect(map.currentChange).toHaveText(/pfn 3 allocated: a copy of pfn 1/);
  await page.locator('body').press('Shift+ArrowRight');
  await expect(map.currentChange).toHaveCount(2);
  // One event re-points the PTE and drops the old frame's mapcount, in that order.
  await expect(map.currentChange.first()).toHaveText(/re-pointed from pfn 1 to pfn 3/);
  await expect(map.currentChange.last()).toHaveText(/mapcount 2 → 1/);
});

test('a step animates, then comes to rest; under reduced motion it does not move', async ({
  page,
}) => {
  const app = await new AppPage(page).open(linkTo(forkCow, 5));
  const map = new MemoryMapPage(page);
  // How long it takes is the bench's business (npm run bench); here: it moves, then stops.
  const timing = await map.timeStep(() => app.button('Step forward').click());
  expect(timing.frames).toBeGreaterThan(1);

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await app.open(linkTo(forkCow, 5));
  const still = await map.timeStep(() => app.button('Step forward').click());
  expect(still.frames).toBe(1);
});

test('a thread asleep in handle_userfault is listed on its page until UFFDIO_COPY wakes it', async ({
  page,
}) => {
  await new AppPage(page).open(linkTo(uffdMissing, 7));
  const map = new MemoryMapPage(page);
  await expect(map.mappings).toContainText('thread T1 asleep here');
  await expect(map.changes).toContainText('thread T1 asleep on p+0x1000 (handle_userfault)');
  await new AppPage(page).open(linkTo(uffdMissing, 10));
  await expect(map.mappings).not.toContainText('asleep');
  await expect(map.changes).toContainText('thread T1 woken');
});

test('a step back plays the step’s change in reverse; a click on the map skips the motion', async ({
  page,
}) => {
  const app = await new AppPage(page).open(lessonLink('fork-cow', 8));
  const map = new MemoryMapPage(page);
  const after8 = await map.pixels();
  // Backwards: the copy-on-write undone on screen, from the picture after step 8 to the one
  // after step 7 (the first paint is step 8's, every later one moves towards step 7).
  const back = await map.paints(() => app.button('Step back').click());
  await app.expectCursor(7);
  const after7 = back[back.length - 1]!.png;
  expect(after7).not.toBe(after8);
  expect(back.length).toBeGreaterThan(1);
  expect(back[0]).toEqual({ moving: true, png: after8 });
  expect(back.slice(1, -1).every((f) => f.moving)).toBe(true);
  // Forwards again: the step plays from its start (step 8's changes, none made yet, marked as
  // this step's) to the picture after step 8.
  const fwd = await map.paints(() => app.button('Step forward').click());
  expect(fwd.length).toBeGreaterThan(1);
  expect(fwd[0]!.moving).toBe(true);
  expect(fwd[0]!.png).not.toBe(after8);
  expect(fwd[fwd.length - 1]).toEqual({ moving: false, png: after8 });
  // A click during the motion ends it: the next paint is the picture at rest.
  await app.button('Step back').click();
  await app.expectCursor(7);
  const skipped = await map.paints(() => app.button('Step forward').click(), { skip: true });
  expect(skipped.map((f) => f.moving)).toEqual([true, false]);
  expect(skipped[1]!.png).toBe(after8);
  expect(app.errors).toEqual([]);
});

test('the Mappings table follows the cursor past its first 200 rows, and pages through the rest', async ({
  page,
}) => {
  // The 1 GiB run takes its time to open on a busy machine (how fast is the bench's business).
  test.setTimeout(90_000);
  // The 1 GiB run: at step 300, 299 pages written 2 MiB apart, one row each; the step wrote row 299.
  const app = await new AppPage(page).open(linkTo(bigMapping, 300));
  const map = new MemoryMapPage(page);
  const changed = map.row('main', 'p+0x25400000');
  await expect(changed).toContainText('changed: new PTE');
  await expect(changed).toBeVisible();
  const window = map.region.locator('.memmap-table-window');
  await expect(window).toContainText('Rows 100–299 of 299');
  await expect(map.row('main', 'p')).toHaveCount(0);
  // Back to the top, row by row with the buttons; the selection brings its row back.
  await window.getByRole('button', { name: 'Earlier rows' }).click();
  await expect(window).toContainText('Rows 1–200 of 299');
  await expect(map.row('main', 'p')).toHaveCount(1);
  await expect(window.getByRole('button', { name: 'Earlier rows' })).toBeDisabled();
  await window.getByRole('button', { name: 'Later rows' }).click();
  await expect(window).toContainText('Rows 201–299 of 299');
  await map.row('main', 'p+0x19000000').getByRole('button', { name: 'p+0x19000000' }).click();
  await expect(app.inspector.getByRole('heading', { name: /Page p\+0x19000000/ })).toBeVisible();
  // A step forward follows the cursor again: the new change is in the window.
  await app.stepForward();
  await expect(map.row('main', 'p+0x25600000')).toContainText('changed: new PTE');
  expect(app.errors).toEqual([]);
});
