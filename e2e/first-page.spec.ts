import { expect, test } from '@playwright/test';

// Issue 2's first page: the app opens on the default scenario (the refpage_create(2) manual page's
// example), shows its text and every step's result, computed by the engine in the browser.
test('the app opens on the default scenario and shows each step result', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    'Pattern-initialised heap with a reference page',
  );
  // The scenario's own text.
  await expect(page.getByLabel('Scenario text').first()).toContainText('refpage_create');

  const table = page.getByRole('table', { name: 'Each executed step and its result' });
  await expect(table).toBeVisible();
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(8);
  // refpage_create returns the first free fd, 3.
  await expect(rows.nth(0)).toContainText('refpage_create');
  await expect(rows.nth(0)).toContainText('3');
  // mmap returns p; a load anywhere in the mapping reads the pattern.
  await expect(rows.nth(1)).toContainText('p');
  await expect(rows.nth(2)).toContainText('load');
  await expect(rows.nth(2)).toContainText('aa');
  await expect(rows.nth(3)).toContainText('aa');
  // pagemap: the reference page at p, the written page at p+0x2000.
  await expect(rows.nth(6)).toContainText('r.x............................r');
  await expect(rows.nth(7)).toContainText('anon 1');
  expect(errors).toEqual([]);
});
