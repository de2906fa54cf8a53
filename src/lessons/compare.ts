/**
 * memset vs refpage, by the numbers: runs both variants of the seed-002 benchmark (benchmark.ts)
 * at a given shape and compares their cost counters. The engine counts bytes and pages, not time,
 * so the ratios here are what the fast path saves in memory traffic and RSS; Peter Collingbourne's
 * timings (docs/reference/refpage-mte.md A.5 R3) are the same trend measured in seconds.
 *
 * Pure: no Node API, so the app may use it too. `npx tsx src/lessons/node/compare-cli.ts` prints it.
 */
import { runScenario, type Stats } from '../engine';
import { patternFillDoc, type BenchmarkShape, type FillVariant } from './benchmark';

export interface VariantCost {
  stats: Stats;
  /** Bytes the kernel wrote to prepare pages: zeroed, memset (pattern fills) and copied. */
  kernelBytes: number;
  /** Bytes user space stored, the allocator's memset included. */
  userBytes: number;
  /** Both: every byte written to make and use the memory. */
  totalBytes: number;
  /** Page faults of every kind. */
  faults: number;
  peakRssPages: number;
}

export interface Comparison {
  shape: BenchmarkShape;
  memset: VariantCost;
  refpage: VariantCost;
  /** memset's cost divided by refpage's (Infinity where refpage's is 0). */
  ratios: {
    /** Kernel bytes: zeroed (memset variant) against memset by the fault (refpage variant). */
    kernelBytes: number;
    totalBytes: number;
    faults: number;
    peakRss: number;
  };
}

function cost(variant: FillVariant, shape: BenchmarkShape): VariantCost {
  const out = runScenario(patternFillDoc(variant, shape), { keepStates: false });
  if (out.error) throw new Error(`${variant} benchmark: ${out.error.message}`);
  if (out.failures.length > 0)
    throw new Error(`${variant} benchmark: expectation failed: ${JSON.stringify(out.failures[0])}`);
  const s = out.stats;
  const kernelBytes = s.bytesZeroed + s.bytesMemset + s.bytesCopied;
  return {
    stats: s,
    kernelBytes,
    userBytes: s.bytesStoredByUser,
    totalBytes: kernelBytes + s.bytesStoredByUser,
    faults: Object.values(s.faults).reduce((a, b) => a + b, 0),
    peakRssPages: s.peakRss,
  };
}

const ratio = (a: number, b: number): number => (b === 0 ? (a === 0 ? 1 : Infinity) : a / b);

export function compareMemsetRefpage(shape: BenchmarkShape): Comparison {
  const memset = cost('memset', shape);
  const refpage = cost('refpage', shape);
  return {
    shape,
    memset,
    refpage,
    ratios: {
      kernelBytes: ratio(memset.kernelBytes, refpage.kernelBytes),
      totalBytes: ratio(memset.totalBytes, refpage.totalBytes),
      faults: ratio(memset.faults, refpage.faults),
      peakRss: ratio(memset.peakRssPages, refpage.peakRssPages),
    },
  };
}

/**
 * Peter Collingbourne's touch sizes (seed 002, docs/reference/refpage-mte.md A.5 R3) as fractions:
 * 1 page, half, all; plus a quarter.
 */
export function touchSizes(pages: number): number[] {
  return [...new Set([1, Math.round(pages / 4), Math.round(pages / 2), pages])];
}

const kib = (bytes: number): string =>
  `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KiB`;
const x = (r: number): string => (Number.isFinite(r) ? `${r.toFixed(r < 10 ? 2 : 1)}×` : '∞');

/** A plain-text table: one row per touch size. */
export function formatComparison(rows: Comparison[]): string {
  if (rows.length === 0) return '';
  const { iterations, pages } = rows[0]!.shape;
  const head = [
    `memset vs refpage: ${iterations} iterations of mmap ${pages} pages (${kib(pages * 4096)}), fill with 0xAA, touch N pages, munmap`,
    '',
    'touch | kernel bytes (memset: zeroed / refpage: memset) | user bytes stored | faults | peak RSS (pages) | ratios memset/refpage: kernel bytes, all bytes, faults, peak RSS',
  ];
  const lines = rows.map((c) => {
    const m = c.memset;
    const r = c.refpage;
    return [
      `${c.shape.touch}`.padStart(5),
      `${kib(m.kernelBytes)} / ${kib(r.kernelBytes)}`,
      `${kib(m.userBytes)} / ${r.userBytes.toLocaleString('en-US')} B`,
      `${m.faults} / ${r.faults}`,
      `${m.peakRssPages} / ${r.peakRssPages}`,
      `${x(c.ratios.kernelBytes)}, ${x(c.ratios.totalBytes)}, ${x(c.ratios.faults)}, ${x(c.ratios.peakRss)}`,
    ].join(' | ');
  });
  return [...head, ...lines].join('\n');
}
