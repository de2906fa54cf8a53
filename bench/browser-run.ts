/**
 * The browser half of the performance issue's targets, in headless Chromium (Debian's, as the
 * browser tests use it) on the app built by load.ts and served from this process:
 * - target 4: while seed 002 at full size (67,000 steps) loads and runs, no main-thread task
 *   exceeds 50 ms (PerformanceObserver long tasks, from navigation to the run's end); when its
 *   first steps can be viewed, and when the run ends;
 * - target 3 in Chromium: seeking to random steps of a 10^6-step run (the state and the records
 *   at a step, as the store's selectors read them), median ≤ 1 ms and worst ≤ 16 ms;
 * - target 6, its second half: interactive within 1 s of navigation (the first Step forward
 *   click answered), on localhost.
 * The page is opened with `?bench`, which exposes the store as `window.faultline.store`.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from '@playwright/test';
import { encodeScenarioLink, CURRENT_SEMANTICS } from '../src/scenario/url.ts';
import type { ScenarioDocument } from '../src/scenario/types.ts';
import { BENCH_DIST } from './load.ts';
import { seedLoop } from './seed-loop.ts';
import { fmtTime, median, printLine, type TargetLine } from './report.ts';

const CHROMIUM = '/usr/bin/chromium';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.json': 'application/json',
};

function serve(dir: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(
      dir,
      url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname),
    );
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  // A port of its own, 21 above the checkout's browser-test port (browser.ts takes 20).
  const port = Number(
    process.env.FAULTLINE_BENCH_RUN_PORT ?? Number(process.env.FAULTLINE_E2E_PORT ?? 4317) + 21,
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const link = (doc: ScenarioDocument) =>
  `/?bench#${encodeScenarioLink({ doc, cursor: 0, semantics: CURRENT_SEMANTICS })}`;

/** Long tasks from the very start of the page, and when the run grows and ends. */
async function watch(page: Page): Promise<void> {
  await page.addInitScript(`
    window.benchLong = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.benchLong.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  `);
}

interface RunWatch {
  firstMs: number | null;
  doneMs: number | null;
  steps: number;
  long: number[];
}

/*
 * Code that runs in the page is written as JavaScript text: functions compiled by tsx carry
 * esbuild's `__name` helper, which the page does not have.
 */

/** Waits for the run on the page to end; when its first steps showed, when it ended (ms after navigation). */
const RUN_END = `(timeout) => new Promise((resolve) => {
  const store = window.faultline.store;
  let firstMs = null;
  let unsub = () => {};
  const check = () => {
    const s = store.getState();
    const steps = s.index ? s.index.steps : 0;
    if (firstMs === null && steps > 0) firstMs = performance.now();
    if (!s.running && s.index) {
      unsub();
      resolve({ firstMs, doneMs: performance.now(), steps, long: window.benchLong || [] });
    }
  };
  unsub = store.subscribe(check);
  setTimeout(() => {
    unsub();
    const s = store.getState();
    resolve({ firstMs, doneMs: null, steps: s.index ? s.index.steps : 0, long: window.benchLong || [] });
  }, timeout);
  check();
})`;

async function runEnd(page: Page, timeoutMs: number): Promise<RunWatch> {
  return (await page.evaluate(`(${RUN_END})(${timeoutMs})`)) as RunWatch;
}

/** Seeks to 1,000 random steps (after 50 unmeasured), each timed: the state and the records. */
const SEEKS = `(steps) => {
  const run = window.faultline.store.getState().run;
  let x = 0x9e3779b9;
  const next = () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return 1 + (x % steps);
  };
  for (let i = 0; i < 50; i++) {
    const k = next();
    run.stateAt(k);
    run.recordsAt(k);
  }
  const out = [];
  for (let i = 0; i < 1000; i++) {
    const k = next();
    const t0 = performance.now();
    run.stateAt(k);
    run.recordsAt(k);
    out.push(performance.now() - t0);
  }
  return out;
}`;

async function interactive(browser: Browser, base: string): Promise<number> {
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await page.waitForFunction(
    () => (document.querySelector('input[type=range]') as HTMLInputElement | null)?.value === '1',
  );
  const ms = await page.evaluate(() => performance.now());
  await page.close();
  return ms;
}

export async function measureBrowserRun(): Promise<TargetLine[]> {
  const lines: TargetLine[] = [];
  const miss = (target: string, name: string, goal: string, why: string) => {
    const l: TargetLine = { target, name, figure: why, goal, met: false };
    lines.push(l);
    printLine(l);
  };
  if (!existsSync(CHROMIUM)) {
    miss(
      '4',
      'browser measurements',
      'Chromium',
      `not measured: ${CHROMIUM} is missing (apt-get install chromium)`,
    );
    return lines;
  }
  if (!existsSync(path.join(BENCH_DIST, 'index.html'))) {
    miss('4', 'browser measurements', 'a build', 'not measured: the build failed (see target 6)');
    return lines;
  }
  const server = await serve(BENCH_DIST);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    console.log(`\n[3, 4, 6] the built app in headless Chromium (${base})`);
    // Target 6: interactive within 1 s.
    const tti: number[] = [];
    for (let i = 0; i < 3; i++) tti.push(await interactive(browser, base));
    const t6: TargetLine = {
      target: '6',
      name: 'interactive after navigation (default scenario, first Step forward answered)',
      figure: `median ${fmtTime(median(tti))} (${tti.map((t) => fmtTime(t)).join(', ')})`,
      goal: '≤ 1 s',
      met: median(tti) <= 1000,
    };
    lines.push(t6);
    printLine(t6);

    // Target 4: seed 002 at full size.
    {
      const page = await browser.newPage();
      await watch(page);
      const { loadScenario } = await import('../src/scenario/load.ts');
      const { readFileSync } = await import('node:fs');
      const doc = loadScenario(
        readFileSync(path.join(import.meta.dirname, 'workloads', 'seed002-memset.fl'), 'utf8'),
        'seed002-memset.fl',
      );
      await page.goto(`${base}${link(doc)}`);
      await page.waitForFunction(`'faultline' in window`);
      const r = await runEnd(page, 300_000);
      const worst = r.long.length ? Math.max(...r.long) : 0;
      const l: TargetLine = {
        target: '4',
        name: 'main-thread tasks while seed 002 (67,000 steps) loads and runs',
        figure:
          r.doneMs === null
            ? `the run had not ended after 300 s (${r.steps.toLocaleString('en-US')} steps)`
            : `longest ${fmtTime(worst)}, ${r.long.length} task${r.long.length === 1 ? '' : 's'} over 50 ms; first steps viewable at ${fmtTime(r.firstMs ?? NaN)}, run ended at ${fmtTime(r.doneMs)} (${r.steps.toLocaleString('en-US')} steps)`,
        goal: 'no task > 50 ms',
        met: r.doneMs !== null && worst <= 50,
        data: { ...r },
      };
      lines.push(l);
      printLine(l);
      await page.close();
    }

    // Target 3 in Chromium: seeks in a 10^6-step run.
    {
      const page = await browser.newPage();
      const doc = seedLoop(14925);
      await page.goto(`${base}${link(doc)}`);
      await page.waitForFunction(`'faultline' in window`);
      const r = await runEnd(page, 600_000);
      if (r.doneMs === null) {
        miss(
          '3',
          'seek in Chromium, 10^6-step run',
          'median ≤ 1 ms, worst ≤ 16 ms',
          `the run had not ended after 600 s (${r.steps} steps)`,
        );
      } else {
        const times = (await page.evaluate(`(${SEEKS})(${r.steps})`)) as number[];
        const med = median(times);
        const worst = Math.max(...times);
        const l: TargetLine = {
          target: '3',
          name: `seek in Chromium, ${r.steps.toLocaleString('en-US')}-step run (1,000 random steps; the run took ${fmtTime(r.doneMs)})`,
          figure: `median ${fmtTime(med)}, worst ${fmtTime(worst)}`,
          goal: 'median ≤ 1 ms, worst ≤ 16 ms',
          met: med <= 1 && worst <= 16,
        };
        lines.push(l);
        printLine(l);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return lines;
}
