import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const p = await b.newPage();
p.on('pageerror', (e) => console.log('PAGEERROR', e.message, e.stack?.split('\n').slice(0, 4).join('\n')));
p.on('console', (m) => console.log('CONSOLE', m.type(), m.text().slice(0, 300)));
await p.goto(process.argv[2] ?? 'http://127.0.0.1:4399/');
await p.waitForTimeout(1500);
console.log((await p.locator('#root').innerText()).slice(0, 500));
await b.close();
