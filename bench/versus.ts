/**
 * Target 1 of the performance issue: the engine against the kernel on the same work, in the same
 * run. Each workload is written twice in bench/workloads/: a scenario (`NAME.fl`) and the C program
 * a programmer would write (`NAME.c`). The engine side is `faultline run NAME.fl --summary` as a
 * whole process (every state kept as the app keeps it); the kernel side is the compiled program.
 * The two run alternately, several rounds each (the order flips every round, so that neither side
 * always runs just after the other on a machine shared with other work), and the report gives the
 * medians, the spread (fastest–slowest) and the ratio of the medians beside the target ≤ 0.5.
 *
 * Wall time is the target's measure (what a user waits for); CPU time (user + system, every thread,
 * from /usr/bin/time) is printed beside it because it moves less when the machine is busy.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  fmtBytes,
  fmtCount,
  fmtSpread,
  fmtTime,
  median,
  printLine,
  type TargetLine,
} from './report.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const workloads = path.join(here, 'workloads');
const cache = path.join(root, 'node_modules', '.cache', 'faultline', 'bench');
const TIME = '/usr/bin/time';

export interface Workload {
  id: string;
  title: string;
  /** The C program of the same work, or null when no kernel can run it. */
  c: string | null;
  /** A workload with no kernel counterpart is compared with this workload's kernel run. */
  kernelOf?: string;
}

export const WORKLOADS: Workload[] = [
  {
    id: 'seed002-memset',
    title: 'seed 002 as posted (1000 × mmap, memset, touch 64, munmap)',
    c: 'seed002-memset.c',
  },
  { id: 'touch-write', title: '4000 × 64 write faults (no memset)', c: 'touch-write.c' },
  { id: 'touch-read', title: '4000 × 64 zero-page read faults', c: 'touch-read.c' },
  {
    id: 'refpage',
    title: 'refpage_create heap (vs the userfaultfd emulation on the kernel)',
    c: null,
    kernelOf: 'uffd-refpage',
  },
  {
    id: 'uffd-refpage',
    title: 'reference pages emulated with userfaultfd (MISSING + UFFDIO_COPY)',
    c: 'uffd-refpage.c',
  },
  {
    id: 'fork-cow',
    title: '128 MiB written, 4 × { fork; child writes every page; exit }',
    c: 'fork-cow.c',
  },
  {
    id: 'compact-move',
    title: 'compaction: 300 rounds of 512 pages by UFFDIO_MOVE',
    c: 'compact-move.c',
  },
  {
    id: 'compact-copy',
    title: 'compaction: 300 rounds of 512 pages by UFFDIO_COPY + MADV_DONTNEED',
    c: 'compact-copy.c',
  },
];

interface Sample {
  wallMs: number;
  cpuMs: number | null;
  maxRssKb: number | null;
}

interface ProcessRun extends Sample {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, timed; through /usr/bin/time when it exists, for CPU time and RSS. */
function timed(cmd: string, args: string[]): ProcessRun {
  const useTime = existsSync(TIME);
  const out = path.join(cache, `time-${process.pid}.txt`);
  const argv = useTime ? [TIME, '-f', '%U %S %M', '-o', out, cmd, ...args] : [cmd, ...args];
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - t0;
  let cpuMs: number | null = null;
  let maxRssKb: number | null = null;
  if (useTime && existsSync(out)) {
    const last = readFileSync(out, 'utf8').trim().split('\n').at(-1) ?? '';
    const [u, s, m] = last.split(' ').map(Number);
    if (Number.isFinite(u) && Number.isFinite(s)) cpuMs = (u! + s!) * 1000;
    if (Number.isFinite(m)) maxRssKb = m!;
    rmSync(out, { force: true });
  }
  return {
    wallMs,
    cpuMs,
    maxRssKb,
    code: r.status,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? r.error?.message ?? '',
  };
}

/** Compiles a workload's C program once per content (cached by hash); null with a reason if not. */
function compile(file: string): { exe: string } | { error: string } {
  const src = readFileSync(path.join(workloads, file));
  const exe = path.join(
    cache,
    `${path.basename(file, '.c')}-${createHash('sha256').update(src).digest('hex').slice(0, 12)}`,
  );
  if (existsSync(exe)) return { exe };
  const r = spawnSync(
    'cc',
    ['-O2', '-Wall', '-Wextra', '-Werror', '-pthread', '-o', exe, path.join(workloads, file)],
    {
      encoding: 'utf8',
    },
  );
  if (r.error) return { error: `no C compiler (${r.error.message})` };
  if (r.status !== 0) return { error: `cc failed: ${r.stderr.trim().split('\n')[0]}` };
  return { exe };
}

const engineArgs = (id: string) => [
  path.join(root, 'bin', 'faultline.mjs'),
  'run',
  path.join(workloads, `${id}.fl`),
  '--summary',
];

/** The engine's closing line says the run finished; its first line counts the faults. */
function checkEngine(r: ProcessRun): { faults: number } | { error: string } {
  const lines = r.stdout.trim().split('\n');
  if (r.code !== 0 || !/finished; every expectation held/.test(lines.at(-1) ?? '')) {
    return {
      error: `engine run failed (exit ${r.code}): ${(r.stderr || lines.at(-1) || '').trim().slice(0, 200)}`,
    };
  }
  const faults = Number(
    (/^faults\s+([\d,]+)/.exec(lines[0] ?? '')?.[1] ?? 'NaN').replace(/,/g, ''),
  );
  return { faults };
}

export interface VersusOptions {
  rounds: number;
  filters: string[];
}

export interface VersusResult {
  id: string;
  title: string;
  engine: Sample[];
  kernel: Sample[];
  kernelOf: string;
  faults: number | null;
  ratio: number | null;
  cpuRatio: number | null;
  error?: string;
}

const pick = (xs: Sample[], k: 'wallMs' | 'cpuMs') =>
  xs.map((x) => x[k]).filter((v): v is number => v !== null);

export function measureVersus(opts: VersusOptions): {
  lines: TargetLine[];
  results: VersusResult[];
} {
  mkdirSync(cache, { recursive: true });
  const lines: TargetLine[] = [];
  const results: VersusResult[] = [];
  const chosen = WORKLOADS.filter(
    (w) =>
      opts.filters.length === 0 ||
      opts.filters.some((f) => w.id.includes(f) || 'versus'.includes(f)),
  );
  // The first start of the CLI may bundle it: not part of any measurement.
  timed(process.execPath, [path.join(root, 'bin', 'faultline.mjs'), '--help']);
  console.log(
    `\n[1] engine vs kernel: ${opts.rounds} alternating rounds each; engine = \`faultline run FILE --summary\` (every state kept), kernel = the C program (cc -O2)`,
  );
  for (const w of chosen) {
    const kernelOf = w.kernelOf ?? w.id;
    const c = WORKLOADS.find((x) => x.id === kernelOf)?.c ?? null;
    const res: VersusResult = {
      id: w.id,
      title: w.title,
      engine: [],
      kernel: [],
      kernelOf,
      faults: null,
      ratio: null,
      cpuRatio: null,
    };
    results.push(res);
    const compiled = c ? compile(c) : { error: 'no C program' };
    if ('error' in compiled) {
      res.error = `kernel side not measured: ${compiled.error}`;
    } else {
      // One unmeasured run of each side: page cache, JIT caches, the CLI bundle.
      const warm = timed(compiled.exe, []);
      if (warm.code !== 0)
        res.error = `kernel run failed (exit ${warm.code}): ${warm.stderr.trim().slice(0, 200)}`;
    }
    const e0 = timed(process.execPath, engineArgs(w.id));
    const ok = checkEngine(e0);
    if ('error' in ok) res.error = ok.error;
    else res.faults = ok.faults;
    for (let r = 0; r < opts.rounds && !res.error; r++) {
      const sides = r % 2 === 0 ? (['engine', 'kernel'] as const) : (['kernel', 'engine'] as const);
      for (const side of sides) {
        if (side === 'engine') {
          const run = timed(process.execPath, engineArgs(w.id));
          const chk = checkEngine(run);
          if ('error' in chk) res.error = chk.error;
          res.engine.push(run);
        } else if ('exe' in compiled) {
          const run = timed(compiled.exe, []);
          if (run.code !== 0) res.error = `kernel run failed (exit ${run.code})`;
          res.kernel.push(run);
        }
      }
    }
    const ew = pick(res.engine, 'wallMs');
    const kw = pick(res.kernel, 'wallMs');
    const ec = pick(res.engine, 'cpuMs');
    const kc = pick(res.kernel, 'cpuMs');
    if (!res.error && ew.length && kw.length) {
      res.ratio = median(ew) / median(kw);
      if (ec.length && kc.length) res.cpuRatio = median(ec) / median(kc);
    }
    const rss = pick(res.engine, 'maxRssKb' as 'cpuMs');
    const vs = kernelOf === w.id ? 'kernel' : `kernel (${kernelOf})`;
    const figure = res.error
      ? res.error
      : `ratio ${res.ratio!.toFixed(2)} — engine ${fmtSpread(ew)}, ${vs} ${fmtSpread(kw)}` +
        (res.cpuRatio !== null
          ? `; CPU ratio ${res.cpuRatio.toFixed(2)} (engine ${fmtTime(median(ec))}, kernel ${fmtTime(median(kc))})`
          : '') +
        (res.faults !== null
          ? `; ${fmtCount(res.faults)} simulated faults, ${fmtCount((res.faults / median(ew)) * 1000)}/s`
          : '') +
        (rss.length ? `; engine peak RSS ${fmtBytes(median(rss) * 1024)}` : '');
    const line: TargetLine = {
      target: '1',
      name: `${w.id}: ${w.title}`,
      figure,
      goal: 'engine/kernel ≤ 0.5',
      met: res.ratio !== null ? res.ratio <= 0.5 : false,
      data: { ...res },
    };
    printLine(line);
    lines.push(line);
  }
  return { lines, results };
}
