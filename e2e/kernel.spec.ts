import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';
import { encodeScenarioLink } from '../src/scenario/url';

/** A handshake whose answer differs between the lines (docs/kernel-versions.md rows 2-4). */
const handshake = {
  faultline: 1,
  title: 'UFFDIO_API on each kernel',
  steps: [
    { do: 'userfaultfd', flags: 'O_CLOEXEC|O_NONBLOCK', as: 'uffd' },
    { do: 'ioctl', fd: 'uffd', request: 'UFFDIO_API', api: 'UFFD_API' },
  ],
};

test('the kernel picker runs the scenario again as the chosen line, and the link keeps it', async ({
  page,
  context,
}) => {
  const app = await new AppPage(page).open(
    `/#${encodeScenarioLink({ doc: handshake as never, cursor: 2, semantics: 'f1-e0' })}`,
  );
  const picker = page.getByRole('combobox', { name: 'Kernel' });
  await expect(picker).toHaveValue('6.18');
  const results = app.region('Results');
  await expect(results).toContainText('UFFD_FEATURE_MOVE');

  await picker.selectOption('6.1');
  await expect(results).not.toContainText('UFFD_FEATURE_MOVE');
  await expect(results).toContainText('UFFD_FEATURE_WP_HUGETLBFS_SHMEM');
  await expect(page.getByText('Running as Linux 6.1 (LTS)')).toBeVisible();
  await page
    .locator('.app-header')
    .screenshot({ path: 'test-results/e2e/kernel-picker-header.png' });

  await expect.poll(() => page.url()).toMatch(/#v1\./);
  const fresh = await new AppPage(await context.newPage()).open(page.url());
  await expect(fresh.page.getByRole('combobox', { name: 'Kernel' })).toHaveValue('6.1');
  expect(app.errors).toEqual([]);
});

test('the compare view runs the scenario on two kernels and marks the steps that differ', async ({
  page,
}) => {
  const app = await new AppPage(page).open(
    `/#${encodeScenarioLink({ doc: handshake as never, cursor: 1, semantics: 'f1-e0' })}`,
  );
  await app.button('Compare kernels').click();
  const dialog = page.getByRole('dialog', { name: 'Compare kernels' });
  await expect(dialog.getByRole('combobox', { name: 'Left' })).toHaveValue('6.18');
  await expect(dialog.getByRole('combobox', { name: 'Right' })).toHaveValue('6.1');
  await expect(
    dialog.getByText('1 of 2 steps differ between Linux 6.18 and Linux 6.1.'),
  ).toBeVisible();
  const rows = dialog.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toHaveClass(/differs/);
  await expect(rows.nth(0)).not.toHaveClass(/differs/);
  await expect(rows.nth(1)).toContainText('UFFD_FEATURE_MOVE');
  await dialog.screenshot({ path: 'test-results/e2e/kernel-compare.png' });
  await dialog.getByRole('combobox', { name: 'Right' }).selectOption('6.12');
  await expect(dialog.getByText('Every step gives the same result')).toBeVisible();
  await dialog.getByRole('button', { name: 'Go to step 2' }).click();
  await expect(dialog).toBeHidden();
  await app.expectCursor(2);
  expect(app.errors).toEqual([]);
});
