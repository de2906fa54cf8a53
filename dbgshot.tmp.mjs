import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const p = await b.newPage({ viewport: { width: 1400, height: 1000 } });
p.on('pageerror', (e) => console.log('PAGEERROR', e.message));
p.on('console', (m) => console.log('CONSOLE', m.type(), m.text().slice(0, 300)));
await p.goto(process.argv[2] ?? 'http://127.0.0.1:4399/');
await p.waitForTimeout(1000);
for (const a of (process.argv[4] ?? '').split(',').filter(Boolean)) {
  if (a.startsWith('key:')) await p.keyboard.press(a.slice(4));
  else if (a.startsWith('goto:')) { await p.getByLabel('Go to address').fill(a.slice(5)); await p.getByRole('button', { name: 'Go', exact: true }).click(); }
  else await p.getByRole('button', { name: a, exact: true }).click();
  await p.waitForTimeout(200);
}
await p.waitForTimeout(600);
await p.screenshot({ path: process.argv[3] ?? '/tmp/shot.png', fullPage: true });
await b.close();
