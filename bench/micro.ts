/**
 * Micro-benchmarks: every bench/*.bench.ts, each benchmark run with a warm-up then N samples (each
 * sample repeats `run` until it has taken at least minMs, so fast operations are timed in bulk);
 * prints the median, p25/p75 and ops/s, and each benchmark's ratio to its declared `baseline`. A
 * bench file that fails to import, or a setup that throws, is reported as an error line and the
 * others still run.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Benchmark } from './types.ts';
import { fmtTime, quantile } from './report.ts';

export interface MicroOptions {
  filters: string[];
  samples: number;
  minMs: number;
  warmupMs: number;
}

export interface Measured {
  file: string;
  name: string;
  baseline?: string;
  /** Milliseconds per operation. */
  medianMs?: number;
  p25Ms?: number;
  p75Ms?: number;
  opsPerSec?: number;
  samples?: number;
  opsPerSample?: number;
  ratioToBaseline?: number;
  error?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

function fmtOps(ops: number): string {
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)} M`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(2)} k`;
  return ops.toFixed(1);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// Results flow here so the JIT cannot drop the work.
let sink: unknown;

async function measure(b: Benchmark, opts: MicroOptions): Promise<Omit<Measured, 'file' | 'name'>> {
  const ctx = b.setup ? await b.setup() : undefined;
  // Warm-up, and calibrate how many calls one sample needs to last at least minMs.
  let calls = 0;
  const w0 = performance.now();
  while (performance.now() - w0 < opts.warmupMs || calls < 3) {
    sink = b.run(ctx);
    calls++;
  }
  const perCall = (performance.now() - w0) / calls;
  const ops = Math.max(1, Math.ceil(opts.minMs / Math.max(perCall, 1e-6)));
  const times: number[] = [];
  for (let s = 0; s < opts.samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < ops; i++) sink = b.run(ctx);
    times.push((performance.now() - t0) / ops);
  }
  const median = quantile(times, 0.5);
  return {
    medianMs: median,
    p25Ms: quantile(times, 0.25),
    p75Ms: quantile(times, 0.75),
    opsPerSec: 1000 / median,
    samples: opts.samples,
    opsPerSample: ops,
  };
}

export async function runMicro(opts: MicroOptions): Promise<Measured[]> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const results: Measured[] = [];
  console.log(`\nmicro-benchmarks (bench/*.bench.ts), ${opts.samples} samples each`);
  for (const file of files) {
    let benches: Benchmark[];
    try {
      const mod = (await import(pathToFileURL(path.join(here, file)).href)) as {
        default?: Benchmark | Benchmark[];
        benchmarks?: Benchmark[];
      };
      const exported = mod.default ?? mod.benchmarks;
      if (!exported) throw new Error('exports no benchmark (default export or `benchmarks`)');
      benches = Array.isArray(exported) ? exported : [exported];
    } catch (err) {
      const error = `cannot load ${file}: ${errorText(err)}`;
      console.log(`✗ ${error}`);
      results.push({ file, name: file, error });
      continue;
    }
    for (const b of benches) {
      if (opts.filters.length && !opts.filters.some((f) => b.name.toLowerCase().includes(f))) {
        continue;
      }
      try {
        const m = await measure(b, opts);
        results.push({ file, name: b.name, baseline: b.baseline, ...m });
        console.log(
          `✓ ${b.name}\n    median ${fmtTime(m.medianMs!)}  p25 ${fmtTime(m.p25Ms!)}  p75 ${fmtTime(m.p75Ms!)}  ${fmtOps(m.opsPerSec!)}ops/s`,
        );
      } catch (err) {
        const error = errorText(err);
        console.log(`✗ ${b.name}\n    error: ${error}`);
        results.push({ file, name: b.name, baseline: b.baseline, error });
      }
    }
  }

  const ratios: string[] = [];
  for (const r of results) {
    if (!r.baseline || r.medianMs === undefined) continue;
    const base = results.find((x) => x.name === r.baseline);
    if (base?.medianMs === undefined) {
      ratios.push(`  ${r.name}: baseline '${r.baseline}' has no measurement`);
      continue;
    }
    r.ratioToBaseline = r.medianMs / base.medianMs;
    const x = r.ratioToBaseline;
    const words = x <= 1 ? `${(1 / x).toFixed(2)}× faster` : `${x.toFixed(2)}× slower`;
    ratios.push(`  ${r.name}: ${words} than ${r.baseline}`);
  }
  if (ratios.length) console.log(`\nratios (median / baseline median):\n${ratios.join('\n')}`);
  void sink;
  return results;
}
