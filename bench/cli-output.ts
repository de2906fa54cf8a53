/**
 * Target 7 of the performance issue: the CLI's readable output stays readable at any size. Runs
 * `faultline run` on bench/workloads/store-128m.fl and measures the store's output: one line,
 * its events past a few dozen counted by kind.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printLine, type TargetLine } from './report.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export function measureCliFolding(): TargetLine {
  const r = spawnSync(
    process.execPath,
    [
      path.join(here, '..', 'bin', 'faultline.mjs'),
      'run',
      path.join(here, 'workloads', 'store-128m.fl'),
    ],
    { encoding: 'utf8', maxBuffer: 256 << 20 },
  );
  const lines = r.stdout.trimEnd().split('\n');
  const store = lines.filter((l) => /store\(p, fill=/.test(l));
  const line: TargetLine =
    r.status !== 0 || store.length === 0
      ? {
          target: '7',
          name: 'CLI output of a 128 MiB store',
          figure: `run failed (exit ${r.status}): ${r.stderr.trim().slice(0, 200)}`,
          goal: 'one line',
          met: null,
        }
      : {
          target: '7',
          name: 'CLI output of a 128 MiB store',
          figure: `${lines.length} lines in all, the store ${store.length} line of ${store[0]!.length.toLocaleString('en-US')} characters (${/…and ([\d,]+) more/.exec(store[0]!)?.[1] ?? 'no'} events counted by kind)`,
          goal: 'one line, not 65,536 events',
          met: store.length === 1 && store[0]!.length < 4000,
          data: { lines: lines.length, storeChars: store[0]!.length },
        };
  printLine(line);
  return line;
}
