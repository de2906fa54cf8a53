import { expect, test } from '@playwright/test';

// Tooling smoke test: the static build loads from a relative base and runs without a script error
// or a missing asset. Feature tests (the default scenario's results, the views) have their own specs.
test('the built app loads without errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A failed load is reported below with its URL.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${msg.text()}`);
    }
  });
  page.on('response', (res) => {
    // Chromium asks for /favicon.ico on its own when the page declares no icon.
    if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) {
      errors.push(`${res.status()} ${res.url()}`);
    }
  });
  await page.goto('/');
  await expect(page).toHaveTitle(/faultline/i);
  await expect(page.locator('#root')).not.toBeEmpty();
  expect(errors).toEqual([]);
});
