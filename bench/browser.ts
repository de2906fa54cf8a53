/**
 * The browser part of `npm run bench`: the built app in headless Chromium (Debian's, as the browser
 * tests use), timing the memory map on a 1 GiB mapping with requestAnimationFrame.
 *
 * - first draw: every view's work for a state of the 1 GiB run that none of them has drawn: the
 *   page shows step 0 of the finished run (nothing mapped yet), then End jumps to the last step; the
 *   figure is the time from that key to the animation frame after it, the memory map's model
 *   (262,144 pages per process), the Address space's page codes, the Physical frames grid and
 *   everything else the cursor moves;
 *   within it, the memory map's own part: the time from the key to the map's `memmap:frame` event
 *   (its still paint of the new step, in the key's task: the model, the map's render and paint,
 *   and whatever the key's task ran before them);
 * - frames: every requestAnimationFrame interval while the bench pans (drags), zooms (wheel) and
 *   steps through copy-on-write faults, each step animating; the budget is 95% under 18 ms.
 *
 * The engine's own run of the scenario (populating 1 GiB, fork) is not timed here: engine.bench.ts
 * does that.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioDocument } from '../src/scenario/types.ts';
import { CURRENT_SEMANTICS, encodeScenarioLink } from '../src/scenario/url.ts';
import { BENCH_DIST, buildForBench } from './load.ts';
import { fmtSpread, fmtTime, median, printLine, quantile, type TargetLine } from './report.ts';

const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** 1 GiB of private anonymous memory, written, then shared by fork; then copy-on-write faults. */
export function gibScenario(fork: boolean): ScenarioDocument {
  const steps: ScenarioDocument['steps'] = [
    {
      do: 'mmap',
      length: '1G',
      prot: 'PROT_READ|PROT_WRITE',
      flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
      as: 'p',
    },
    { do: 'madvise', addr: 'p', length: '1G', advice: 'MADV_POPULATE_WRITE' },
  ];
  if (fork) {
    steps.push({ do: 'fork', as: 'child' });
    for (let k = 0; k < 12; k++) {
      steps.push({ do: 'store', addr: `p + ${40 + k * 70}M`, bytes: '01', proc: 'child' });
      steps.push({ do: 'store', addr: `p + ${40 + k * 70}M`, bytes: '02' });
    }
  }
  return {
    faultline: 1,
    title: fork ? 'A 1 GiB mapping after fork' : 'A 1 GiB mapping',
    // Room for the copies: 1 GiB is 262,144 frames.
    machine: { arch: 'x86_64', pageSize: 4096, mte: false, frames: 600000 },
    steps,
  };
}

/*
 * The scripts run in the page are strings, not functions: under tsx, esbuild's keepNames wraps
 * functions in a `__name(…)` helper that exists in Node and not in the page.
 */
/**
 * Resolves `window.__jump` with the time from the next keydown (seen first, in the capture phase)
 * to the animation frame after it: the key's whole task (store, React, every view's paint) and
 * the frame that shows it. `void`: page.evaluate would wait for a promise the expression returns.
 */
const JUMP_PROBE = `void (window.__jump = new Promise((resolve) => {
  addEventListener('keydown', () => {
    const t0 = performance.now();
    let map = null;
    const canvas = document.querySelector('.memmap-canvas');
    const onMap = () => { map ??= performance.now() - t0; };
    canvas?.addEventListener('memmap:frame', onMap);
    requestAnimationFrame(() => {
      canvas?.removeEventListener('memmap:frame', onMap);
      resolve({ frame: performance.now() - t0, map });
    });
  }, { capture: true, once: true });
}))`;
/** Records every requestAnimationFrame interval in `window.__frames` until `__stop`. */
const FRAME_PROBE = `(() => {
  window.__frames = [];
  window.__stop = false;
  let last = performance.now();
  const tick = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (!window.__stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
/** Stops the recording; the first two intervals (the probe's own start) are dropped. */
const FRAME_PROBE_STOP = `(() => { window.__stop = true; return window.__frames.slice(2); })()`;

async function waitForServer(url: string, ms: number): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the preview server at ${url} did not start`);
}

const failed = (error: string): TargetLine[] => [
  {
    target: '5',
    name: 'memory map in the browser',
    figure: 'not measured',
    goal: '—',
    met: null,
    data: { error },
  },
];

export async function measureBrowser(opts: { loads: number }): Promise<TargetLine[]> {
  if (!existsSync(CHROMIUM)) return failed(`${CHROMIUM} is missing: apt-get install -y chromium`);
  try {
    const lines = await measure(opts);
    for (const l of lines) printLine(l);
    return lines;
  } catch (err) {
    const lines = failed(err instanceof Error ? err.message : String(err));
    printLine(lines[0]!);
    console.log(`    error: ${String(lines[0]!.data!.error)}`);
    return lines;
  }
}

async function measure(opts: { loads: number }): Promise<TargetLine[]> {
  // A port of its own, 20 above the checkout's browser-test port.
  const port = Number(
    process.env.FAULTLINE_BENCH_PORT ?? Number(process.env.FAULTLINE_E2E_PORT ?? 4317) + 20,
  );
  const buildError = buildForBench();
  if (buildError) throw new Error(`vite build failed: ${buildError}`);
  let server: ChildProcess | null = null;
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    server = spawn(
      'npx',
      [
        'vite',
        'preview',
        '--outDir',
        BENCH_DIST,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--strictPort',
      ],
      { cwd: root, stdio: 'ignore', detached: true },
    );
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(base, 60_000);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const link = (doc: ScenarioDocument, cursor: number) =>
      `${base}/?theme=light#${encodeScenarioLink({ doc, cursor, semantics: CURRENT_SEMANTICS })}`;

    // First draws: a fresh page load each time, so no view has seen the run.
    const first: Record<string, number[]> = {};
    const mapPart: Record<string, number[]> = {};
    for (const [label, doc] of [
      ['1 GiB, one process (262,144 PTEs)', gibScenario(false)],
      ['1 GiB after fork (524,288 PTEs)', gibScenario(true)],
    ] as const) {
      first[label] = [];
      mapPart[label] = [];
      const last = doc.steps.length;
      for (let n = 0; n < opts.loads; n++) {
        // A link differs from the last only after '#', which would not reload the page.
        await page.goto('about:blank');
        await page.goto(link(doc, 0), { timeout: 180_000 });
        // The whole run first (it runs in the engine's worker), shown at step 0.
        await page
          .getByRole('slider', { name: 'Timeline' })
          .and(page.locator(`[max="${last}"]`))
          .waitFor({ timeout: 180_000 });
        await page.waitForTimeout(500);
        await page.evaluate('document.activeElement?.blur()');
        await page.evaluate(JUMP_PROBE);
        await page.keyboard.press('End');
        const jump = (await page.evaluate('window.__jump')) as {
          frame: number;
          map: number | null;
        };
        await page
          .getByRole('region', { name: 'Memory map', exact: true })
          .getByText(`after step ${last}`)
          .first()
          .waitFor({ timeout: 60_000 });
        first[label]!.push(jump.frame);
        if (jump.map !== null) mapPart[label]!.push(jump.map);
      }
    }

    // Frames while panning, zooming and animating steps, on the forked 1 GiB run, from step 3.
    const fork = gibScenario(true);
    await page.goto('about:blank');
    await page.goto(link(fork, 3), { timeout: 180_000 });
    await page
      .getByRole('slider', { name: 'Timeline' })
      .and(page.locator(`[max="${fork.steps.length}"]`))
      .waitFor({ timeout: 180_000 });
    await page
      .getByRole('region', { name: 'Memory map', exact: true })
      .getByText('after step 3')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const canvas = page.locator('.memmap-canvas');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no memory map canvas');
    await page.evaluate(FRAME_PROBE);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height * 0.3;
    // Zoom in, in wheel notches, towards pages drawn one by one, and back out.
    await page.mouse.move(cx, cy);
    for (let k = 0; k < 40; k++) {
      await page.mouse.wheel(0, -240);
      await page.waitForTimeout(30);
    }
    // Pan: drags left and right.
    for (let r = 0; r < 4; r++) {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let k = 0; k < 30; k++) await page.mouse.move(cx + (r % 2 ? k : -k) * 12, cy);
      await page.mouse.up();
    }
    for (let k = 0; k < 20; k++) {
      await page.mouse.wheel(0, 240);
      await page.waitForTimeout(30);
    }
    // Animate: step forward through the copy-on-write faults, then back (the buttons, so that the
    // keys do not go to the map, which would move the selection).
    for (let k = 0; k < 10; k++) {
      await page.getByRole('button', { name: 'Step forward', exact: true }).click();
      await page.waitForTimeout(400);
    }
    for (let k = 0; k < 6; k++) {
      await page.getByRole('button', { name: 'Step back', exact: true }).click();
      await page.waitForTimeout(400);
    }
    const frames = (await page.evaluate(FRAME_PROBE_STOP)) as number[];
    const out: TargetLine[] = [];
    for (const [label, f] of Object.entries(first)) {
      out.push({
        target: '5',
        name: `views first draw, ${label}: End from step 0 to the painted frame (every view)`,
        figure: fmtSpread(f),
        goal: '≤ 50 ms',
        met: median(f) <= 50,
        data: { samples: f },
      });
      const m = mapPart[label]!;
      out.push({
        target: '5',
        name: `  of which the memory map's paint, ${label}: End to its memmap:frame`,
        figure: m.length > 0 ? fmtSpread(m) : 'not painted in the key’s task',
        goal: '—',
        met: null,
        data: { samples: m },
      });
    }
    const share = frames.filter((x) => x < 18).length / Math.max(1, frames.length);
    out.push({
      target: '5',
      name: 'memory map (issue 8) frames while panning, zooming and animating steps (1 GiB after fork)',
      figure: `${(share * 100).toFixed(1)}% under 18 ms (p95 ${fmtTime(quantile(frames, 0.95))}, median ${fmtTime(median(frames))}, ${frames.length} frames)`,
      goal: '95% under 18 ms',
      met: share >= 0.95,
      data: { frames },
    });
    return out;
  } finally {
    await browser.close();
    if (server?.pid) {
      try {
        process.kill(-server.pid);
      } catch {
        // already gone
      }
    }
  }
}
