/**
 * Keyboard selection in the memory map, as a pure function: arrow keys walk pages along a row and
 * frames along physical memory, move between the rows as they are drawn (processes above, frames,
 * processes below), and Enter follows a PTE from its page to its frame or from a frame back to the
 * first page that maps it.
 */
import type { MappingModel } from '../../store/selectors/mapping';
import { pageAddr, pageIndex, FrameKindCode } from '../../store/selectors/mapping';
import type { Selection } from '../../store/types';
import { procsAbove } from './layout';

export type NavKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Enter';

/** Visual rows, top to bottom: process indexes, and -1 for the frames. */
export function visualRows(procs: number): number[] {
  const above = procsAbove(procs);
  const out: number[] = [];
  for (let r = 0; r < above; r++) out.push(r);
  out.push(-1);
  for (let r = above; r < procs; r++) out.push(r);
  return out;
}

function inVma(m: MappingModel, row: number, i: number): boolean {
  const pm = m.procs[row];
  if (!pm || i < 0 || i >= m.axis.pages) return false;
  const a = pageAddr(m.axis, i);
  return pm.vmas.some((v) => a >= v.start && a < v.end);
}

/** The page of `row` nearest to index i that lies in one of its VMAs (i itself if it does). */
function nearestPage(m: MappingModel, row: number, i: number): number {
  for (let d = 0; d < m.axis.pages; d++) {
    if (inVma(m, row, i - d)) return i - d;
    if (inVma(m, row, i + d)) return i + d;
    if (i - d < 0 && i + d >= m.axis.pages) break;
  }
  return -1;
}

function inUse(m: MappingModel, pfn: number): boolean {
  return pfn >= 0 && pfn < m.frames.n && m.frames.kind[pfn] !== FrameKindCode.free;
}

function nearestFrame(m: MappingModel, pfn: number): number {
  for (let d = 0; d < m.frames.n; d++) {
    if (inUse(m, pfn - d)) return pfn - d;
    if (inUse(m, pfn + d)) return pfn + d;
  }
  return -1;
}

/** The first page of `row` that maps pfn, or -1. */
function mapperIn(m: MappingModel, row: number, pfn: number): number {
  const a = m.procs[row]?.pfn;
  if (!a) return -1;
  return a.indexOf(pfn);
}

/** The frame drawn nearest to page i (by position when the geometry is known). */
function frameNear(m: MappingModel, i: number, g?: NavGeometry): number {
  if (!g) return Math.round((i / Math.max(1, m.axis.pages)) * m.frames.n);
  const x = g.pageX(i);
  let lo = 0;
  let hi = m.frames.n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (g.frameX(mid) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function pageSel(m: MappingModel, row: number, i: number): Selection | null {
  const pm = m.procs[row];
  if (!pm || i < 0) return null;
  return { kind: 'page', proc: pm.name, addr: pageAddr(m.axis, i) };
}

/** Where pages and frames sit on screen (zoom 1), so Up and Down land on what is drawn nearest. */
export interface NavGeometry {
  pageX(i: number): number;
  frameX(pfn: number): number;
}

/** The page of `row` in a VMA drawn nearest to x. */
function pageNear(m: MappingModel, row: number, x: number, g: NavGeometry): number {
  let best = -1;
  let bd = Infinity;
  const pm = m.procs[row];
  if (!pm) return -1;
  for (const v of pm.vmas) {
    const a = pageIndex(m.axis, v.start);
    if (a < 0) continue;
    const n = Math.round((v.end - v.start) / m.axis.pageSize);
    // Binary search the VMA's pages for the one nearest x (positions grow with the index).
    let lo = a;
    let hi = a + n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (g.pageX(mid) < x) lo = mid + 1;
      else hi = mid;
    }
    for (const i of [lo - 1, lo]) {
      if (i < a || i >= a + n) continue;
      const dd = Math.abs(g.pageX(i) - x);
      if (dd < bd) {
        bd = dd;
        best = i;
      }
    }
  }
  return best;
}

/** The selection after a key, or the same selection when the key leads nowhere. */
export function navigate(
  m: MappingModel,
  sel: Selection | null,
  key: NavKey,
  g?: NavGeometry,
): Selection | null {
  const rows = visualRows(m.procs.length);
  if (!sel || sel.kind === 'granule') {
    for (let r = 0; r < m.procs.length; r++) {
      const i = nearestPage(m, r, 0);
      if (i >= 0) return pageSel(m, r, i);
    }
    const f = nearestFrame(m, 1);
    return f >= 0 ? { kind: 'frame', pfn: f } : sel;
  }
  if (sel.kind === 'frame') {
    const pfn = sel.pfn;
    const v = rows.indexOf(-1);
    switch (key) {
      case 'ArrowLeft':
      case 'ArrowRight': {
        const step = key === 'ArrowLeft' ? -1 : 1;
        for (let p = pfn + step; p >= 0 && p < m.frames.n; p += step)
          if (inUse(m, p)) return { kind: 'frame', pfn: p };
        return sel;
      }
      case 'ArrowUp':
      case 'ArrowDown': {
        const row = rows[v + (key === 'ArrowUp' ? -1 : 1)];
        if (row === undefined) return sel;
        const i = mapperIn(m, row, pfn);
        const at =
          i >= 0
            ? i
            : g
              ? pageNear(m, row, g.frameX(pfn), g)
              : nearestPage(m, row, Math.round((pfn / Math.max(1, m.frames.n)) * m.axis.pages));
        return pageSel(m, row, at) ?? sel;
      }
      case 'Enter': {
        for (const row of rows) {
          if (row < 0) continue;
          const i = mapperIn(m, row, pfn);
          if (i >= 0) return pageSel(m, row, i) ?? sel;
        }
        return sel;
      }
    }
  }
  const row = m.procs.findIndex((p) => p.name === sel.proc);
  if (row < 0) return sel;
  const ps = m.axis.pageSize;
  const i = pageIndex(m.axis, Math.floor(sel.addr / ps) * ps);
  if (i < 0) return sel;
  const pfn = m.procs[row]!.pfn[i]!;
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowRight': {
      const step = key === 'ArrowLeft' ? -1 : 1;
      for (let j = i + step; j >= 0 && j < m.axis.pages; j += step)
        if (inVma(m, row, j)) return pageSel(m, row, j) ?? sel;
      return sel;
    }
    case 'ArrowUp':
    case 'ArrowDown': {
      const v = rows.indexOf(row) + (key === 'ArrowUp' ? -1 : 1);
      const next = rows[v];
      if (next === undefined) return sel;
      if (next === -1) {
        const f = pfn >= 0 ? pfn : nearestFrame(m, frameNear(m, i, g));
        return f >= 0 ? { kind: 'frame', pfn: f } : sel;
      }
      const j = g ? pageNear(m, next, g.pageX(i), g) : nearestPage(m, next, i);
      return j >= 0 ? (pageSel(m, next, j) ?? sel) : sel;
    }
    case 'Enter':
      return pfn >= 0 ? { kind: 'frame', pfn } : sel;
  }
}
