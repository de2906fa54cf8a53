import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const p = await b.newPage({ viewport: { width: 1400, height: 1000 } });
p.on('pageerror', (e) => console.log('PAGEERROR', e.message));
let t = Date.now();
await p.goto('http://127.0.0.1:4399/#' + process.argv[2]);
await p.getByRole('slider', { name: 'Timeline' }).waitFor();
console.log('load', Date.now() - t);
for (let i = 1; i <= 6; i++) {
  t = Date.now();
  await p.getByRole('button', { name: 'Step forward', exact: true }).click();
  await p.getByRole('slider', { name: 'Timeline' }).evaluate((el, v) => new Promise((r) => { const c = () => el.value === String(v) ? r() : requestAnimationFrame(c); c(); }), i);
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  console.log('step', i, Date.now() - t);
}
t = Date.now();
await p.getByLabel('Go to address').fill('p+5M'); await p.getByRole('button', { name: 'Go', exact: true }).click();
await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
console.log('select', Date.now() - t);
t = Date.now();
for (let i = 0; i < 5; i++) await p.getByRole('button', { name: 'Step back', exact: true }).click();
await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
console.log('5 back', Date.now() - t);
await p.screenshot({ path: '/tmp/perf.png' });
await b.close();
