/**
 * The memory map's geometry, as pure functions (design habit 13: D3 and plain code compute, the
 * canvas only draws). Processes are horizontal rows of virtual pages; physical frames are one row
 * between them (the first half of the processes above, the rest below), so that every PTE is a
 * short link from a page to the frame it maps. Both rows are run-wide axes: a page or a frame keeps
 * its place on screen for the whole run, so a step's change is a motion, never a reshuffle.
 *
 * Horizontal positions are in axis units (one page or one frame each; a gap between page segments
 * that are far apart in the address space), scaled to pixels by one cell width shared by both rows
 * and then by the view's zoom transform (screen x = k · x + tx).
 */
import type { PageAxis } from '../../store/selectors/mapping';
import { segmentOfIndex } from '../../store/selectors/mapping';

export interface ZoomX {
  k: number;
  x: number;
}

export interface ProcRowGeo {
  index: number;
  /** Above the frames row (links leave the page's bottom edge) or below it (the top edge). */
  above: boolean;
  /** Top of the row's page cells. */
  cellsY: number;
  /** Baseline of the row's VMA labels. */
  labelY: number;
  /** Centre of the band where threads asleep on a page and fault marks sit. */
  markY: number;
}

export interface MapLayout {
  width: number;
  height: number;
  /** The left margin holds the row labels; the plot is [plotX, width - PAD]. */
  plotX: number;
  plotW: number;
  /**
   * Pixels per page and per frame at zoom 1. Equal (at most MAX_CELL) while both rows fit; when one
   * row has far more cells than the other (a sparse 1 GiB mapping over 512 frames), each row fills
   * the width on its own, so neither shrinks to a sliver.
   */
  pageCell: number;
  frameCell: number;
  pageX0: number;
  frameX0: number;
  gapUnits: number;
  pageUnits: number;
  frameUnits: number;
  pageH: number;
  frameH: number;
  frameY: number;
  rows: ProcRowGeo[];
  /** Type scale (1 normally, larger in presentation and classroom). */
  scale: number;
  axis: PageAxis;
}

export const MAX_CELL = 120;
/** Below this many pixels a page, the map draws bundles of pages instead of single pages. */
export const DETAIL_PX = 12;
const PAD = 8;

export interface LayoutInput {
  width: number;
  /** A height to fill (classroom); the natural height when absent. */
  height?: number;
  axis: PageAxis;
  frames: number;
  procs: number;
  /** Type scale: 1 for 14 px text. */
  scale?: number;
}

/** Rows of processes above the frames: the first half, rounded up. */
export function procsAbove(procs: number): number {
  return Math.ceil(procs / 2);
}

export function mapLayout(input: LayoutInput): MapLayout {
  const s = input.scale ?? 1;
  const { axis } = input;
  const labelW = Math.round(92 * s);
  const plotX = labelW;
  const plotW = Math.max(40, input.width - labelW - PAD);
  const segs = axis.segments.length;
  // Far-apart segments sit a small gap apart: visible at every zoom, never the widest thing.
  const gapUnits = segs > 1 ? Math.max(0.6, axis.pages * 0.02) : 0;
  const pageUnits = Math.max(1, axis.pages + (segs - 1) * gapUnits);
  const frameUnits = Math.max(1, input.frames);
  const pageCell = Math.min(MAX_CELL * s, plotW / pageUnits);
  const frameCell = Math.min(MAX_CELL * s, plotW / frameUnits);
  const pageX0 = plotX + (plotW - pageUnits * pageCell) / 2;
  const frameX0 = plotX + (plotW - frameUnits * frameCell) / 2;

  const labelH = Math.round(18 * s);
  const markH = Math.round(22 * s);
  const pageH = Math.round(38 * s);
  const frameH = Math.round(42 * s);
  const above = procsAbove(input.procs);
  const below = input.procs - above;
  const rowH = labelH + markH + pageH;
  // A row below the frames leaves room under them for the copy arrows; without one, reserve it.
  const copyLane = Math.round(38 * s);
  const minGap = Math.round(84 * s);
  const fixed =
    PAD * 2 +
    input.procs * rowH +
    frameH +
    (below === 0 ? copyLane : 0) +
    (above > 1 ? (above - 1) * Math.round(10 * s) : 0) +
    (below > 1 ? (below - 1) * Math.round(10 * s) : 0);
  const gaps = (above > 0 ? 1 : 0) + (below > 0 ? 1 : 0);
  let linkGap = minGap;
  if (input.height && gaps > 0)
    linkGap = Math.max(minGap, Math.min(260 * s, (input.height - fixed) / gaps));

  const rows: ProcRowGeo[] = [];
  let y = PAD;
  for (let r = 0; r < above; r++) {
    rows.push({
      index: r,
      above: true,
      labelY: y + labelH - 5 * s,
      markY: y + labelH + markH / 2,
      cellsY: y + labelH + markH,
    });
    y += rowH + (r < above - 1 ? Math.round(10 * s) : 0);
  }
  if (above > 0) y += linkGap;
  const frameY = y;
  y += frameH;
  if (below > 0) y += linkGap;
  else y += copyLane;
  for (let r = 0; r < below; r++) {
    rows.push({
      index: above + r,
      above: false,
      cellsY: y,
      markY: y + pageH + markH / 2,
      labelY: y + pageH + markH + labelH - 5 * s,
    });
    y += rowH + (r < below - 1 ? Math.round(10 * s) : 0);
  }
  const natural = y + PAD;
  return {
    width: input.width,
    height: Math.max(natural, input.height ?? 0),
    plotX,
    plotW,
    pageCell,
    frameCell,
    pageX0,
    frameX0,
    gapUnits,
    pageUnits,
    frameUnits,
    pageH,
    frameH,
    frameY,
    rows,
    scale: s,
    axis,
  };
}

/* ---------------------------------------------------------------- positions */

/** Axis units of the start of page index i. */
export function pageUnit(l: MapLayout, i: number): number {
  return i + segmentOfIndex(l.axis, i) * l.gapUnits;
}

/** Screen x of the left edge of page index i. */
export function pageX(l: MapLayout, z: ZoomX, i: number): number {
  return z.k * (l.pageX0 + pageUnit(l, i) * l.pageCell) + z.x;
}

/** Screen x of the left edge of frame pfn. */
export function frameX(l: MapLayout, z: ZoomX, pfn: number): number {
  return z.k * (l.frameX0 + pfn * l.frameCell) + z.x;
}

/** Screen width of one page, and of one frame. */
export function pagePx(l: MapLayout, z: ZoomX): number {
  return l.pageCell * z.k;
}
export function framePx(l: MapLayout, z: ZoomX): number {
  return l.frameCell * z.k;
}

/** Whether pages (frames) are wide enough to be drawn one by one. */
export function pagesDetailed(l: MapLayout, z: ZoomX): boolean {
  return pagePx(l, z) >= DETAIL_PX;
}
export function framesDetailed(l: MapLayout, z: ZoomX): boolean {
  return framePx(l, z) >= DETAIL_PX;
}

/** The page indexes visible on screen, as [first, last] inclusive per segment. */
export function visiblePages(l: MapLayout, z: ZoomX): [number, number][] {
  const out: [number, number][] = [];
  const u0 = ((l.plotX - z.x) / z.k - l.pageX0) / l.pageCell;
  const u1 = ((l.width - z.x) / z.k - l.pageX0) / l.pageCell;
  l.axis.segments.forEach((s, k) => {
    const n = (s.end - s.start) / l.axis.pageSize;
    const su = s.i0 + k * l.gapUnits;
    const a = Math.max(0, Math.floor(u0 - su));
    const b = Math.min(n - 1, Math.ceil(u1 - su));
    if (a <= b) out.push([s.i0 + a, s.i0 + b]);
  });
  return out;
}

/** The frames visible on screen, [first, last] inclusive (empty when first > last). */
export function visibleFrames(l: MapLayout, z: ZoomX): [number, number] {
  const u0 = ((l.plotX - z.x) / z.k - l.frameX0) / l.frameCell;
  const u1 = ((l.width - z.x) / z.k - l.frameX0) / l.frameCell;
  return [Math.max(0, Math.floor(u0)), Math.min(l.frameUnits - 1, Math.ceil(u1))];
}

/* ---------------------------------------------------------------- hit testing */

export type Hit =
  | { kind: 'page'; row: number; i: number }
  | { kind: 'frame'; pfn: number }
  | { kind: 'row'; row: number }
  | null;

/** What is under a point of the canvas: a page of a row, a frame, or nothing. */
export function hitTest(l: MapLayout, z: ZoomX, px: number, py: number): Hit {
  if (px < l.plotX) {
    for (const r of l.rows)
      if (py >= r.cellsY && py < r.cellsY + l.pageH) return { kind: 'row', row: r.index };
    return null;
  }
  if (py >= l.frameY && py < l.frameY + l.frameH) {
    const u = ((px - z.x) / z.k - l.frameX0) / l.frameCell;
    const pfn = Math.floor(u);
    return pfn >= 0 && pfn < l.frameUnits ? { kind: 'frame', pfn } : null;
  }
  for (const r of l.rows) {
    if (py < r.cellsY || py >= r.cellsY + l.pageH) continue;
    const u = ((px - z.x) / z.k - l.pageX0) / l.pageCell;
    const i = unitToPage(l, u);
    return i === null ? null : { kind: 'page', row: r.index, i };
  }
  return null;
}

/** The page index at axis unit u, or null in a gap between segments. */
export function unitToPage(l: MapLayout, u: number): number | null {
  for (let k = 0; k < l.axis.segments.length; k++) {
    const s = l.axis.segments[k]!;
    const n = (s.end - s.start) / l.axis.pageSize;
    const su = s.i0 + k * l.gapUnits;
    if (u >= su && u < su + n) return s.i0 + Math.floor(u - su);
  }
  return null;
}

/* ---------------------------------------------------------------- zoom */

/** The largest zoom: the smaller of a page and a frame at least `px` pixels wide. */
export function maxZoom(l: MapLayout, px = 64): number {
  return Math.max(1, (px * l.scale) / Math.min(l.pageCell, l.frameCell));
}

/** The zoom at which pages are drawn one by one, a little past the threshold. */
export function detailZoom(l: MapLayout): number {
  return Math.max(1, (DETAIL_PX * 4 * l.scale) / l.pageCell);
}

/** A transform that centres screen-space base x `bx` (at zoom 1) at zoom k. */
export function centreOn(l: MapLayout, bx: number, k: number): ZoomX {
  const cx = l.plotX + l.plotW / 2;
  return { k, x: cx - k * bx };
}

/** The zoom-1 x of the centre of page i and of frame pfn. */
export function pageBaseX(l: MapLayout, i: number): number {
  return l.pageX0 + (pageUnit(l, i) + 0.5) * l.pageCell;
}
export function frameBaseX(l: MapLayout, pfn: number): number {
  return l.frameX0 + (pfn + 0.5) * l.frameCell;
}
