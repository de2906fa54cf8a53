/**
 * Target 6 of the performance issue, its size half: the JavaScript the first view loads, gzipped,
 * ≤ 200 KB. Builds the app with Vite into a scratch directory, then follows index.html: its entry
 * script and every chunk the entry imports statically (each `import` at the top of a chunk, which
 * the browser fetches before running anything). Chunks loaded by a dynamic import() (the editor,
 * the lessons, the C export) are listed apart: they load when first used.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { printLine, type TargetLine } from './report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_DIST = path.join(root, 'node_modules', '.cache', 'faultline', 'bench-dist');
const LIMIT = 200 * 1000;

/** The relative chunk files a chunk imports statically (`import … from "./x.js"` at top level). */
function staticImports(code: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+\.js)["']/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1]!);
  return out;
}

export function buildForBench(): string | null {
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--outDir',
      BENCH_DIST,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  return r.status === 0 ? null : (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ');
}

export function measureLoadSize(built: string | null): TargetLine {
  if (built !== null) {
    const l: TargetLine = {
      target: '6',
      name: 'first view JavaScript, gzipped',
      figure: `build failed: ${built}`,
      goal: '≤ 200 KB',
      met: null,
    };
    printLine(l);
    return l;
  }
  const html = readFileSync(path.join(BENCH_DIST, 'index.html'), 'utf8');
  const entry = /<script[^>]+src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  const assets = path.join(BENCH_DIST, 'assets');
  const gz = (file: string) =>
    gzipSync(readFileSync(path.join(BENCH_DIST, file)), { level: 9 }).length;
  const first = new Set<string>();
  const visit = (file: string) => {
    if (first.has(file)) return;
    first.add(file);
    const code = readFileSync(path.join(BENCH_DIST, file), 'utf8');
    for (const imp of staticImports(code)) visit(path.posix.join(path.posix.dirname(file), imp));
  };
  if (entry) visit(entry);
  const sizes = [...first].map((f) => ({ f, gz: gz(f) }));
  const total = sizes.reduce((a, b) => a + b.gz, 0);
  const kb = (f: string) => `${(gz(`assets/${f}`) / 1000).toFixed(1)} KB`;
  const rest = readdirSync(assets).filter((f) => f.endsWith('.js') && !first.has(`assets/${f}`));
  // The engine's worker starts with the first run: it loads at once, in its own thread (not
  // counted in the main thread's figure, see e2e/lessons.spec.ts), and is printed apart.
  const isWorker = (f: string) => /^run\.worker-/.test(f);
  const worker = rest.filter(isWorker);
  const lazy = rest
    .filter((f) => !isWorker(f))
    .map((f) => `${f.replace(/-[\w-]{8}\.js$/, '')} ${kb(f)}`);
  const workerGz = worker.reduce((a, f) => a + gz(`assets/${f}`), 0);
  const l: TargetLine = {
    target: '6',
    name: 'first view JavaScript, gzipped (entry + static imports; the worker apart)',
    figure: entry
      ? `${(total / 1000).toFixed(1)} KB in ${sizes.length} file${sizes.length === 1 ? '' : 's'} on the main thread; the engine's worker at once, in its thread: ${(workerGz / 1000).toFixed(1)} KB (together ${((total + workerGz) / 1000).toFixed(1)} KB); loaded later: ${lazy.join(', ') || 'nothing'}`
      : 'no entry script in index.html',
    goal: '≤ 200 KB',
    met: entry ? total <= LIMIT : false,
    data: { files: sizes, worker: workerGz, lazy },
  };
  printLine(l);
  return l;
}
