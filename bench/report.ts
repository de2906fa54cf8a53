/**
 * What every part of `npm run bench` reports: figures beside the targets (issue 9), each
 * met or missed, and the statistics and formatting they share.
 */

/** One measured figure beside its target. `met` is null when there is no target to meet. */
export interface TargetLine {
  /** The target number ("1" … "7"). */
  target: string;
  name: string;
  /** The measured figure, as printed. */
  figure: string;
  /** The target, as printed ("≤ 0.5"). */
  goal: string;
  met: boolean | null;
  /** Raw numbers for bench-results.json. */
  data?: Record<string, unknown>;
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export function fmtTime(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(ms >= 100 ? 0 : ms >= 10 ? 1 : 2)} ms`;
  if (ms >= 1e-3) return `${(ms * 1e3).toFixed(2)} µs`;
  return `${(ms * 1e6).toFixed(1)} ns`;
}

export function fmtCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(n % 1 === 0 ? 0 : 1);
}

export function fmtBytes(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(1)} MiB`;
  if (b >= 2 ** 10) return `${(b / 2 ** 10).toFixed(1)} KiB`;
  return `${b.toFixed(0)} B`;
}

/** "1.23 s (1.10–1.41)": the median, then the smallest and largest sample. */
export function fmtSpread(values: readonly number[], fmt: (x: number) => string = fmtTime): string {
  if (values.length === 0) return '—';
  return `${fmt(median(values))} (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;
}

export function verdict(met: boolean | null): string {
  return met === null ? '  ' : met ? '✓ ' : 'MISS';
}

export function printLine(l: TargetLine): void {
  console.log(
    `  ${verdict(l.met).padEnd(4)} [${l.target}] ${l.name}: ${l.figure}   target ${l.goal}`,
  );
}
