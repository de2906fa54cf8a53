import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const p = await b.newPage({ viewport: { width: 1400, height: 1000 } });
p.on('pageerror', (e) => console.log('PAGEERROR', e.message));
await p.goto('http://127.0.0.1:4397/#' + process.argv[2]);
await p.getByRole('slider', { name: 'Timeline' }).waitFor({ timeout: 120000 });
await p.getByRole('slider', { name: 'Timeline' }).fill('3');
await p.waitForTimeout(3000);
const cdp = await p.context().newCDPSession(p);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.start');
const t = Date.now();
for (const v of ['4', '5', '6', '5']) {
  await p.getByRole('slider', { name: 'Timeline' }).fill(v);
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
console.log('4 moves', Date.now() - t);
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const dt = profile.timeDeltas; const samples = profile.samples;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
for (let i = 0; i < samples.length; i++) {
  const n = byId.get(samples[i]);
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
}
console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n'));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const runNodes = profile.nodes.filter((n) => n.callFrame.functionName === 'run');
for (const n of runNodes.slice(0, 3)) {
  const chain = [];
  let id = n.id;
  while (id !== undefined && chain.length < 12) { const m = byId.get(id); chain.push(m.callFrame.functionName + '@' + m.callFrame.url.split('/').pop() + ':' + m.callFrame.lineNumber); id = parent.get(id); }
  console.log('RUN CHAIN', chain.join(' <- '));
}
await b.close();
