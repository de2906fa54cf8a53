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
