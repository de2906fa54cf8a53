import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';
import { bigMapping, forkCow, linkTo, mteMismatch, uffdMissing } from './fixtures/scenarios';
import { parseText } from '../src/scenario/text';

test('fork and copy-on-write: two processes, shared frames, then copies', async ({ page }) => {
  const app = await new AppPage(page).open(linkTo(forkCow, 5));
  // After fork: the child appears as a process lane and row; p is shared (mapcount 2).
  await app.selectAddress('p');
  const frames = app.region('Physical frames');
  await expect(frames).toContainText('mapcount 2');
  await expect(frames).toContainText('PTE of main at p maps pfn');
  await expect(frames).toContainText('PTE of child at p maps pfn');
  await app.stepForward();
  await expect(app.explanation).toContainText('Copy-on-write');
  await expect(app.explanation).toContainText('the child writes: its own copy');
  await expect(app.region('Results')).toContainText('xxz.');
});

test('MTE: granules coloured by tag and the mismatch marked', async ({ page }) => {
  const app = await new AppPage(page).open(linkTo(mteMismatch, 5));
  const granules = app.region('Tag granules');
  await expect(granules).toContainText('pointer tag 5, memory tag 3');
  await expect(granules).toContainText('mismatch');
  await expect(app.explanation).toContainText('SIGSEGV');
  await granules.getByRole('checkbox', { name: 'Show tag numbers' }).check();
  await expect(granules.locator('canvas')).toBeVisible();
});

// How fluid it is (first draw, frame intervals, long tasks) is measured by `npm run bench`
// (bench/browser.ts), never by a timed test: on a shared machine a wall-clock limit fails at random.
test('a 1 GiB mapping: zoom, scrub and inspect work at full size', async ({ page }) => {
  // What works, not how fast: with several test runs sharing two cores, 30 s was not always enough.
  test.setTimeout(90_000);
  const app = await new AppPage(page).open(linkTo(bigMapping, 0));
  await expect(app.slider).toHaveAttribute('max', '514');
  await app.goTo(300);
  await app.goTo(514);
  const space = app.region('Address space');
  for (let i = 0; i < 6; i++) await space.getByRole('button', { name: 'Zoom in' }).click();
  await app.selectAddress('p + 100M');
  await expect(app.inspector).toContainText('01 aa'.slice(0, 2));
  await expect(space).toContainText('1 GiB');
  await expect(space).toContainText('513 of 262144 present'.replace('513', '512'));
});

test('userfaultfd: a blocked thread, its message read, and its wake-up', async ({ page }) => {
  const app = await new AppPage(page).open(linkTo(uffdMissing, 7));
  await expect(app.explanation).toContainText('blocked');
  await expect(app.explanation).toContainText('T1 faults and sleeps');
  // Lanes: one per thread, T1 with a blocked bar drawn until the copy wakes it.
  const lanes = app.region('Timeline').locator('svg.lanes-svg');
  await expect(lanes.locator('.blocked-bar')).toHaveCount(1);
  await expect(lanes.locator('.msg-arrow')).toHaveCount(1);
  await expect(lanes.locator('.lane-label')).toHaveText(['main · main', '  T1']);
  await app.goTo(9);
  await expect(app.explanation).toContainText('UFFD_EVENT_PAGEFAULT');
  await app.goTo(10);
  await expect(app.explanation).toContainText('resumed');
  await expect(app.explanation).toContainText(
    'filled p+0x1000 with a copy of the page at buf (pfn 1): a new page, pfn 2',
  );
  // The page the thread was blocked on is marked in the address space while it waits.
  await app.goTo(8);
  await app.selectAddress('p+0x1000');
  await expect(app.inspector).toContainText('registered with userfaultfd');
});

test('frames freed by the step at the cursor are drawn where they were, fading out', async ({
  page,
}) => {
  const doc = {
    faultline: 1,
    title: 'munmap frees frames',
    steps: [
      {
        do: 'mmap' as const,
        length: '3*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'p',
      },
      { do: 'store' as const, addr: 'p', fill: '11', length: '3*PAGE' },
      { do: 'munmap' as const, addr: 'p', length: '2*PAGE' },
    ],
  };
  const app = await new AppPage(page).open(linkTo(doc, 3));
  const frames = app.region('Physical frames');
  await expect(frames.locator('canvas')).toHaveAttribute(
    'aria-label',
    /2 frames in use, 2 freed by this step/,
  );
  await expect(frames).toContainText('freed');
  await app.goTo(2);
  await expect(frames.locator('canvas')).toHaveAttribute('aria-label', '4 frames in use');
});

test('a link with a million-step repeat gets one clear message, not a frozen tab', async ({
  page,
}) => {
  const doc = {
    faultline: 1,
    title: 'too long for the browser',
    steps: [
      {
        do: 'mmap' as const,
        length: 'PAGE',
        prot: 'PROT_READ',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'p',
      },
      { do: 'repeat' as const, count: 1000000, steps: [{ do: 'load' as const, addr: 'p' }] },
    ],
  };
  await new AppPage(page).open(linkTo(doc, 1));
  await expect(page.getByText(/budget of 1,000,000 executed steps/).first()).toBeVisible();
  await expect(page.getByText(/npx faultline run/).first()).toBeVisible();
});

test('with two userfaultfds read out of order, each message is drawn to the read that took it', async ({
  page,
}) => {
  const doc = parseText(
    [
      '# two userfaultfds',
      'u1 = userfaultfd(O_CLOEXEC|O_NONBLOCK)',
      'ioctl(u1, UFFDIO_API, api=0xAA, features=0)',
      'u2 = userfaultfd(O_CLOEXEC|O_NONBLOCK)',
      'ioctl(u2, UFFDIO_API, api=0xAA, features=0)',
      'p = mmap(NULL, PAGE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)',
      'q = mmap(NULL, PAGE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)',
      'ioctl(u1, UFFDIO_REGISTER, start=p, len=PAGE, mode=UFFDIO_REGISTER_MODE_MISSING)',
      'ioctl(u2, UFFDIO_REGISTER, start=q, len=PAGE, mode=UFFDIO_REGISTER_MODE_MISSING)',
      '[T1] load(p)',
      '[T2] load(q)',
      'read(u2)',
      'read(u1)',
    ].join('\n'),
  );
  const app = await new AppPage(page).open(linkTo(doc, 12));
  const lanes = app.region('Timeline').locator('svg.lanes-svg');
  const arrows = lanes.locator('.msg-arrow');
  await expect(arrows).toHaveCount(2);
  // T1's fault (step 9, on u1) goes to the second read; T2's (step 10, on u2) to the first.
  await expect(arrows.locator('title')).toHaveText([
    'UFFD_EVENT_PAGEFAULT from main/T1 at step 9, read by main/main at step 12',
    'UFFD_EVENT_PAGEFAULT from main/T2 at step 10, read by main/main at step 11',
  ]);
  // Drawn so: each arrow starts at its fault's marker and ends at its read's.
  const tickX = async (seq: number) => {
    const tick = lanes.locator('text.seq-tick', { hasText: new RegExp(`^${seq}$`) });
    return Number(await tick.getAttribute('x'));
  };
  const ends = await arrows.evaluateAll((ls) =>
    ls.map((l) => [Number(l.getAttribute('x1')), Number(l.getAttribute('x2'))]),
  );
  const pairs = [
    [9, 12],
    [10, 11],
  ] as const;
  for (const [k, [from, to]] of pairs.entries()) {
    expect(ends[k]![0]).toBeCloseTo(await tickX(from), 0);
    expect(ends[k]![1]).toBeCloseTo(await tickX(to), 0);
  }
  expect(app.errors).toEqual([]);
});
