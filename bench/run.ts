/**
 * `npm run bench [-- SECTION… | FILTER…] [--rounds N] [--sizes 1e4,1e5,1e6] [--samples N] [--min-ms N] [--warmup-ms N]`
 *
 * Measures the performance issue's targets (issue 9), each figure printed beside its target and a
 * miss printed as a miss, then the micro-benchmarks of bench/*.bench.ts. Sections, in order:
 *   versus   target 1: engine vs kernel on the workloads of bench/workloads/ (whole processes)
 *   scaling  targets 2 and 3 in Node: time and memory per step at 10^4-10^6 steps, seeks
 *   load     target 6: the first view's JavaScript, gzipped
 *   cli      target 7: the readable output of a 128 MiB store
 *   micro    bench/*.bench.ts
 *   browser  headless Chromium: issue 9's targets 3, 4 and 6 (seeks, main-thread tasks while seed
 *            002 loads and runs, interactive after navigation) and 5 (the views of a 1 GiB mapping,
 *            the memory map of issue 8 first: first draw, frames while panning, zooming and stepping)
 *   views    only target 5 of browser
 * Naming sections runs only those; any other word filters the workloads and benchmarks by name.
 * Ends with every target line again and writes bench-results.json (gitignored). Exit code 1 if a
 * measurement errored; a missed target is a figure, not an error.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMicro, type Measured } from './micro.ts';
import { measureVersus, type VersusResult } from './versus.ts';
import { measureCliFolding } from './cli-output.ts';
import { measureScaling } from './scaling.ts';
import { buildForBench, measureLoadSize } from './load.ts';
import { printLine, type TargetLine } from './report.ts';
import { measureBrowser } from './browser.ts';
import { measureBrowserRun } from './browser-run.ts';

const SECTIONS = ['versus', 'scaling', 'load', 'cli', 'micro', 'browser', 'views'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  sections: Set<Section>;
  filters: string[];
  rounds: number;
  /** Run sizes of the scaling section. */
  sizes: number[];
  samples: number;
  minMs: number;
  warmupMs: number;
  /** Page loads per first-draw figure of the browser section. */
  loads: number;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv: string[]): Options {
  const o: Options = {
    sections: new Set(),
    filters: [],
    rounds: 5,
    sizes: [1e4, 1e5, 1e6],
    samples: 30,
    minMs: 20,
    warmupMs: 300,
    loads: 5,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === '--rounds') o.rounds = Math.round(num());
    else if (a === '--samples') o.samples = Math.round(num());
    else if (a === '--sizes') {
      o.sizes = (argv[++i] ?? '').split(',').map(Number);
      if (!o.sizes.every((n) => Number.isInteger(n) && n > 0))
        throw new Error('--sizes takes step counts: --sizes 1e4,1e5');
    } else if (a === '--min-ms') o.minMs = num();
    else if (a === '--warmup-ms') o.warmupMs = num();
    else if (a === '--loads') o.loads = Math.round(num());
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if ((SECTIONS as readonly string[]).includes(a)) o.sections.add(a as Section);
    else o.filters.push(a.toLowerCase());
  }
  // Every section by default; `views` is a part of `browser`.
  if (o.sections.size === 0) for (const s of SECTIONS) if (s !== 'views') o.sections.add(s);
  return o;
}

/** What the machine was doing: the figures are only comparable with this beside them. */
function conditions(): string {
  const [l1, l5] = os.loadavg();
  return `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${l1!.toFixed(1)} / ${l5!.toFixed(1)} (1 / 5 min), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Linux ${os.release()}`;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const started = conditions();
  console.log(`faultline bench — ${started}`);
  const lines: TargetLine[] = [];
  let versus: VersusResult[] = [];
  let micro: Measured[] = [];
  let errors = 0;
  if (opts.sections.has('versus')) {
    const v = measureVersus({ rounds: opts.rounds, filters: opts.filters });
    lines.push(...v.lines);
    versus = v.results;
    errors += v.results.filter((r) => r.error).length;
  }
  if (opts.sections.has('scaling')) {
    const l = await measureScaling(opts.sizes);
    lines.push(...l);
  }
  if (opts.sections.has('load') || opts.sections.has('browser')) {
    console.log('\n[6] the app built with Vite');
    const l = measureLoadSize(buildForBench());
    if (opts.sections.has('load')) lines.push(l);
    if (l.met === null) errors++;
  }
  if (opts.sections.has('browser')) lines.push(...(await measureBrowserRun()));
  if (opts.sections.has('cli')) {
    const l = measureCliFolding();
    lines.push(l);
    if (l.met === null) errors++;
  }
  if (opts.sections.has('micro')) {
    micro = await runMicro({
      filters: opts.filters,
      samples: opts.samples,
      minMs: opts.minMs,
      warmupMs: opts.warmupMs,
    });
    errors += micro.filter((m) => m.error).length;
  }

  if (opts.sections.has('browser') || opts.sections.has('views')) {
    console.log(
      '\n[5] rendering: the views of a 1 GiB mapping (the memory map of issue 8 first) in headless Chromium',
    );
    const l = await measureBrowser({ loads: opts.loads });
    lines.push(...l);
    errors += l.filter((x) => x.met === null && x.data?.error).length;
  }

  const ended = conditions();
  if (lines.length) {
    console.log(
      `\ntargets (issues 8, 9) — at the start: ${started}\n                    at the end:   ${ended}`,
    );
    for (const l of lines) printLine(l);
    // Lines without a target (a part of a figure, or not measured) are not counted either way.
    const judged = lines.filter((l) => l.met !== null).length;
    const missed = lines.filter((l) => l.met === false).length;
    console.log(`  ${judged - missed} of ${judged} met, ${missed} missed`);
  }
  const out = path.join(root, 'bench-results.json');
  writeFileSync(
    out,
    JSON.stringify(
      {
        node: process.version,
        conditions: { started, ended },
        options: { ...opts, sections: [...opts.sections] },
        targets: lines,
        versus,
        micro,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\n${errors} errored; wrote ${path.relative(process.cwd(), out) || out}`);
  return errors ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
