/**
 * The address-space axis as a pure function (design habit 13). A process's VMAs can sit terabytes
 * apart, so the axis is the union of every process's VMAs laid end to end in page units, with each
 * gap between them collapsed to a fixed width and labelled with its true size. Pages keep their
 * true proportions inside a VMA; a VMA shared by parent and child after fork lines up vertically.
 */
import { zoomIdentity, type ZoomTransform } from '../common/pan-zoom';
import { linearScale, type LinearScale } from '../common/linear-scale';

export interface Segment {
  start: number;
  end: number;
  /** Axis position (in page units) of `start`. */
  u0: number;
}

export interface Axis {
  segments: Segment[];
  /** Total axis length in page units. */
  units: number;
  pageSize: number;
  gapUnits: number;
}

export interface Range {
  start: number;
  end: number;
}

/** Merges every VMA of every process into segments along one axis. */
export function buildAxis(ranges: readonly Range[], pageSize: number): Axis {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  const pages = merged.reduce((n, r) => n + (r.end - r.start) / pageSize, 0);
  // A gap is a fixed share of the axis: visible at every zoom, never the widest thing on screen.
  const gapUnits = Math.max(1, pages * 0.04);
  const segments: Segment[] = [];
  let u = 0;
  for (const r of merged) {
    if (segments.length > 0) u += gapUnits;
    segments.push({ start: r.start, end: r.end, u0: u });
    u += (r.end - r.start) / pageSize;
  }
  return { segments, units: Math.max(u, 1), pageSize, gapUnits };
}

/** Axis units of an address, or null when it falls in a collapsed gap. */
export function addrToUnit(axis: Axis, addr: number): number | null {
  for (const s of axis.segments) {
    if (addr >= s.start && addr <= s.end) return s.u0 + (addr - s.start) / axis.pageSize;
  }
  return null;
}

/** The page-aligned address at an axis position, or null inside a gap. */
export function unitToPage(axis: Axis, u: number): number | null {
  for (const s of axis.segments) {
    const pages = (s.end - s.start) / axis.pageSize;
    if (u >= s.u0 && u < s.u0 + pages) return s.start + Math.floor(u - s.u0) * axis.pageSize;
  }
  return null;
}

export function baseScale(axis: Axis, width: number): LinearScale {
  return linearScale([0, axis.units], [0, Math.max(1, width)]);
}

/** The largest zoom: one page at least `pagePx` pixels wide. */
export function maxZoom(axis: Axis, width: number, pagePx = 48): number {
  return Math.max(1, (pagePx * axis.units) / Math.max(1, width));
}

/** A transform that centres `addr`'s page at `k`-fold zoom. */
export function transformToPage(axis: Axis, width: number, addr: number, k: number): ZoomTransform {
  const u = addrToUnit(axis, addr) ?? 0;
  const x = baseScale(axis, width)(u + 0.5);
  const tx = width / 2 - x * k;
  return zoomIdentity.translate(Math.min(0, Math.max(width - width * k, tx)), 0).scale(k);
}

/** Tick positions for a visible range: page-aligned addresses, at most `max` of them. */
export function ticks(
  axis: Axis,
  scale: LinearScale,
  width: number,
  max = 8,
): { addr: number; x: number }[] {
  const out: { addr: number; x: number }[] = [];
  const [u0, u1] = [scale.invert(0), scale.invert(width)];
  const visiblePages = Math.max(1, u1 - u0);
  // A power of two number of pages per tick, so ticks fall on round offsets (p+0x2000).
  let every = 1;
  while (visiblePages / every > max) every *= 2;
  for (const s of axis.segments) {
    const pages = (s.end - s.start) / axis.pageSize;
    const first = Math.max(0, Math.ceil((u0 - s.u0) / every) * every);
    for (let i = first; i <= pages && s.u0 + i <= u1; i += every) {
      out.push({ addr: s.start + i * axis.pageSize, x: scale(s.u0 + i) });
    }
  }
  return out;
}

/** Human size: 128 KiB, 1 GiB, 124 TiB. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = bytes;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const s = v >= 100 || Number.isInteger(v) ? Math.round(v).toString() : v.toFixed(1);
  return `${s} ${units[i]}`;
}
