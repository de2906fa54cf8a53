/**
 * Prints the memset-vs-refpage comparison (../compare.ts).
 *
 *   npx tsx src/lessons/node/compare-cli.ts [--iterations N] [--pages N] [--touch N,N,...] [--json]
 *
 * Defaults: the seed-002 benchmark's mapping (1000 pages, 4096000 bytes), 20 iterations, touching
 * 1 page, a quarter, half and all of it.
 */
import { compareMemsetRefpage, formatComparison, touchSizes } from '../compare';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const iterations = Number(arg('iterations') ?? 20);
const pages = Number(arg('pages') ?? 1000);
const touches = arg('touch')?.split(',').map(Number) ?? touchSizes(pages);
for (const n of [iterations, pages, ...touches]) {
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a count: ${n}`);
}
const rows = touches.map((touch) => compareMemsetRefpage({ iterations, pages, touch }));
if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else console.log(formatComparison(rows));
