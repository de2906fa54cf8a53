/**
 * Paints the memory map on the canvas its view owns: plain canvas code that gets everything as
 * arguments (layout, zoom, model, the step's changes and how far they have gone). No React, no D3
 * selection, no store.
 *
 * Zoomed in (a page at least DETAIL_PX wide) every page, frame and PTE is drawn on its own, each
 * PTE a curve from its page to its frame: solid when writable, dashed with a lock when read-only.
 * Zoomed out, pages with the same story are one bundle ("512 pages → 512 frames, private") and
 * its PTEs one band; below a pixel per bundle, one column per pixel. Only what is on screen is
 * visited, so a frame costs the same for a 4-page lesson and a 1 GiB mapping.
 */
import { FrameKindCode, pageRuns } from '../../store/selectors/mapping';
import {
  framePx,
  framesDetailed,
  pagePx,
  pagesDetailed,
  frameX,
  pageX,
  visibleFrames,
  visiblePages,
  type ProcRowGeo,
} from './layout';
import type { Palette } from './palette';
import { fit, fontOf, type DrawInput } from './input';

export type { DrawInput, RowLabel } from './input';
import { drawLinks, linkEnds, type LinkDraw } from './links';
import { drawMarks } from './marks';
import {
  ease,
  frameColor,
  frameKindCode,
  pageLook,
  type CellColor,
  type PageLook,
  type PreparedChanges,
} from './scene';
import { frameRuns } from './frame-runs';
import { placeVmaLabels, uffdModes, type LabelSpan } from './vma-labels';
import type { Vma } from '../../store/engine';

export function drawMemoryMap(ctx: CanvasRenderingContext2D, d: DrawInput): void {
  const { layout: l, palette: pal } = d;
  ctx.clearRect(0, 0, l.width, l.height);
  ctx.textBaseline = 'middle';
  ctx.save();
  ctx.beginPath();
  ctx.rect(l.plotX, 0, l.width - l.plotX, l.height);
  ctx.clip();

  const links: LinkDraw[] = [];
  if (pagesDetailed(l, d.zoom)) {
    for (const row of l.rows) collectDetailLinks(d, row, links);
    drawLinks(ctx, d, links);
    for (const row of l.rows) drawPagesDetailed(ctx, d, row);
  } else {
    for (const row of l.rows) drawRowBundles(ctx, d, row);
  }
  if (framesDetailed(l, d.zoom)) drawFramesDetailed(ctx, d);
  else drawFrameBundles(ctx, d);
  for (const row of l.rows) drawVmaLabels(ctx, d, row);
  drawMarks(ctx, d, links);
  ctx.restore();

  // The margin: row names over a plain background, so bundles scrolled left pass under them.
  ctx.fillStyle = pal.panel;
  ctx.fillRect(0, 0, l.plotX - 2, l.height);
  ctx.textAlign = 'left';
  for (const row of l.rows) {
    const label = d.rows[row.index];
    if (!label) continue;
    const cy = row.cellsY + l.pageH / 2;
    ctx.fillStyle = label.note ? pal.muted : pal.fg;
    ctx.font = fontOf(d, 13, 'bold');
    ctx.fillText(fit(ctx, label.name, l.plotX - 10), 6, label.note ? cy - 8 * l.scale : cy);
    if (label.note) {
      ctx.font = fontOf(d, 11);
      ctx.fillText(fit(ctx, label.note, l.plotX - 10), 6, cy + 8 * l.scale);
    }
  }
  ctx.fillStyle = pal.fg;
  ctx.font = fontOf(d, 13, 'bold');
  const fy = l.frameY + l.frameH / 2;
  ctx.fillText('physical', 6, fy - 8 * l.scale);
  ctx.fillText('frames', 6, fy + 8 * l.scale);
}

/* ---------------------------------------------------------------- pages, one by one */

/** VMA ranges of a row as axis index ranges, sorted. */
function vmaRanges(d: DrawInput, row: number): [number, number][] {
  const pm = d.model.procs[row];
  if (!pm) return [];
  const out: [number, number][] = [];
  for (const v of pm.vmas) {
    const a = indexOf(d, v.start);
    if (a < 0) continue;
    out.push([a, a + Math.round((v.end - v.start) / d.model.axis.pageSize)]);
  }
  return out;
}

function indexOf(d: DrawInput, addr: number): number {
  const axis = d.model.axis;
  for (const s of axis.segments)
    if (addr >= s.start && addr < s.end) return s.i0 + Math.floor((addr - s.start) / axis.pageSize);
  return -1;
}

function inRanges(ranges: [number, number][], i: number): boolean {
  for (const [a, b] of ranges) if (i >= a && i < b) return true;
  return false;
}

/** The look page i of a row had before the step (its PTE then, or not present). */
function lookBefore(d: DrawInput, row: number, i: number): PageLook {
  const ch = d.prep.byLink.get(row * d.model.axis.pages + i);
  const bits = ch ? ch.before % 256 : 0;
  const pfn = bits & 1 ? Math.floor(ch!.before / 256) : -1;
  return pageLook(
    bits,
    pfn,
    (p) => frameKindNow(d, p),
    (p) => mapcountNow(d, p),
  );
}

/** The look of page i of a row, as drawn now (before, after, or between for a changed page). */
export function lookAt(d: DrawInput, row: number, i: number): PageLook {
  const pm = d.model.procs[row]!;
  const key = row * d.model.axis.pages + i;
  const ch = d.prep.byLink.get(key);
  let bits = pm.bits[i]!;
  let pfn = pm.pfn[i]!;
  if (ch && d.progress(ch.phase) < 0.5) {
    bits = ch.before % 256;
    pfn = bits & 1 ? Math.floor(ch.before / 256) : -1;
  }
  return pageLook(
    bits,
    pfn,
    (p) => frameKindNow(d, p),
    (p) => mapcountNow(d, p),
  );
}

/** A frame's kind code as drawn now. */
export function frameKindNow(d: DrawInput, pfn: number): number {
  const ch = d.prep.byFrame.get(pfn);
  if (ch && d.progress(ch.phase) < 0.5) return frameKindCode(ch.before);
  return d.model.frames.kind[pfn] ?? 0;
}

export function mapcountNow(d: DrawInput, pfn: number): number {
  const ch = d.prep.byFrame.get(pfn);
  if (ch && d.progress(ch.phase) < 0.5) return ch.before?.mapcount ?? 0;
  return d.model.frames.mapcount[pfn] ?? 0;
}

/** PTEs pointing at a frame as drawn now. */
export function fanInNow(d: DrawInput, pfn: number): number {
  const after = d.model.fanIn[pfn] ?? 0;
  let delta = 0;
  // Only the changes not yet made at this point of the animation are taken back.
  for (const l of d.prep.changes.links) {
    if (d.progress(l.phase) >= 0.5) continue;
    if ((l.after % 256) & 1 && Math.floor(l.after / 256) === pfn) delta++;
    if ((l.before % 256) & 1 && Math.floor(l.before / 256) === pfn) delta--;
  }
  return after - delta;
}

function collectDetailLinks(d: DrawInput, row: ProcRowGeo, out: LinkDraw[]): void {
  const pm = d.model.procs[row.index];
  if (!pm || !pm.exists) return;
  const pages = d.model.axis.pages;
  for (const [a, b] of visiblePages(d.layout, d.zoom)) {
    for (let i = a; i <= b; i++) {
      if (d.prep.byLink.has(row.index * pages + i)) continue;
      const pfn = pm.pfn[i]!;
      if (pfn < 0) continue;
      out.push(linkEnds(d, row, i, pfn, pm.bits[i]!, null));
    }
  }
  // Changed links are drawn even when only one of their ends is on screen.
  const { layout: l, zoom: z } = d;
  // Which side of the screen x is on: -1 left, 0 on it, 1 right.
  const side = (x: number) => (x < l.plotX - 40 ? -1 : x > l.width + 40 ? 1 : 0);
  d.prep.changes.links.forEach((ch, k) => {
    if (d.prep.linkRow[k] !== row.index || ch.movedAway) return;
    const i = d.prep.linkIndex[k]!;
    if (i < 0) return;
    const ends = [pageX(l, z, i)];
    if (ch.movedFrom !== undefined) ends.push(pageX(l, z, indexOf(d, ch.movedFrom)));
    for (const pte of [ch.before, ch.after])
      if ((pte % 256) & 1) ends.push(frameX(l, z, Math.floor(pte / 256)));
    const sides = ends.map(side);
    // Drawn when an end is on screen, or the link crosses it.
    if (sides.includes(0) || (sides.includes(-1) && sides.includes(1)))
      out.push(linkEnds(d, row, i, -1, 0, ch));
  });
}

const TEXT_MIN = 30;

function drawPagesDetailed(ctx: CanvasRenderingContext2D, d: DrawInput, row: ProcRowGeo): void {
  const { layout: l, zoom: z, palette: pal } = d;
  const pm = d.model.procs[row.index];
  if (!pm || !pm.exists) return;
  const ranges = vmaRanges(d, row.index);
  const w = pagePx(l, z);
  const inset = w >= 6 ? 1 : 0;
  const y = row.cellsY;
  const h = l.pageH;
  const spans = d.prep.spans.filter((sp) => sp.row === row.index);
  for (const [a, b] of visiblePages(l, z)) {
    for (let i = a; i <= b; i++) {
      const mapped = inRanges(ranges, i);
      const alpha = spanAlpha(d, spans, i, mapped);
      if (alpha <= 0) continue;
      const x = pageX(l, z, i);
      // A page going away (munmap, exit) keeps its look from before the step while it fades.
      const look = mapped ? lookAt(d, row.index, i) : lookBefore(d, row.index, i);
      ctx.save();
      ctx.globalAlpha = alpha;
      paintCell(ctx, pal, look.color, x + inset, y, w - 2 * inset, h);
      if (look.wp) {
        ctx.fillStyle = pal.wp;
        ctx.fillRect(x + inset, y, w - 2 * inset, Math.max(3, 5 * l.scale));
      }
      drawPageText(ctx, d, look, i, x, y, w, h);
      ctx.restore();
    }
  }
}

/**
 * How opaque page i of a row is: a page the step unmapped fades out and a page it mapped fades in
 * (as its phase plays; at rest, gone pages are not drawn and new ones are whole).
 */
function spanAlpha(
  d: DrawInput,
  spans: PreparedChanges['spans'],
  i: number,
  mapped: boolean,
): number {
  for (const sp of spans) {
    if (i < sp.i0 || i >= sp.i1) continue;
    if (sp.kind === 'gone' && !mapped) return 1 - ease(d.progress(sp.phase));
    if (sp.kind === 'new' && mapped) return ease(d.progress(sp.phase));
  }
  return mapped ? 1 : 0;
}

function drawPageText(
  ctx: CanvasRenderingContext2D,
  d: DrawInput,
  look: PageLook,
  i: number,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  if (w < TEXT_MIN) return;
  const pal = d.palette;
  ctx.textAlign = 'center';
  ctx.fillStyle = look.color === 'none' ? pal.fg : pal.onCell;
  ctx.font = fontOf(d, 11, 'bold');
  const label = firstFit(ctx, [d.name(addrOf(d, i)), shortOffset(d, i)], w - 6);
  ctx.fillText(label, x + w / 2, y + h * 0.34);
  ctx.font = fontOf(d, 11);
  const word = w >= 84 ? look.word + (look.wp ? ', wp' : '') : look.letter + (look.wp ? 'w' : '');
  ctx.fillStyle = look.color === 'none' ? pal.muted : pal.onCell;
  ctx.fillText(fit(ctx, word, w - 6), x + w / 2, y + h * 0.72);
}

/** The first of several texts that fits whole, or nothing. */
function firstFit(ctx: CanvasRenderingContext2D, texts: string[], w: number): string {
  for (const t of texts) if (t && ctx.measureText(t).width <= w) return t;
  return '';
}

/** "+0x3000": the page's offset from the start of its VMA, for cells too narrow for a name. */
function shortOffset(d: DrawInput, i: number): string {
  const a = addrOf(d, i);
  const v = d.model.procs.flatMap((p) => p.vmas).find((x) => a >= x.start && a < x.end);
  return v ? `+0x${(a - v.start).toString(16)}` : '';
}

function addrOf(d: DrawInput, i: number): number {
  const axis = d.model.axis;
  let seg = axis.segments[0]!;
  for (const s of axis.segments) if (s.i0 <= i) seg = s;
  return seg.start + (i - seg.i0) * axis.pageSize;
}

/** A cell: fill, the pattern that tells its kind without colour, and an outline. */
export function paintCell(
  ctx: CanvasRenderingContext2D,
  pal: Palette,
  color: CellColor,
  x: number,
  y: number,
  w: number,
  h: number,
  alpha = 1,
): void {
  if (w <= 0) return;
  ctx.save();
  ctx.globalAlpha = alpha;
  ctx.fillStyle = pal[color];
  ctx.fillRect(x, y, w, h);
  if (w >= 6) pattern(ctx, color, x, y, w, h);
  ctx.strokeStyle = color === 'none' ? pal.muted : pal.fg;
  ctx.lineWidth = 1;
  if (w >= 3)
    ctx.strokeRect(Math.round(x) + 0.5, Math.round(y) + 0.5, Math.max(1, Math.round(w) - 1), h - 1);
  ctx.restore();
}

function pattern(
  ctx: CanvasRenderingContext2D,
  color: CellColor,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = 'rgba(0,0,0,0.35)';
  ctx.fillStyle = 'rgba(0,0,0,0.4)';
  ctx.lineWidth = 1;
  switch (color) {
    case 'refpage':
      ctx.beginPath();
      for (let o = -h; o < w; o += 6) {
        ctx.moveTo(x + o, y + h);
        ctx.lineTo(x + o + h, y);
      }
      ctx.stroke();
      break;
    case 'zero':
      for (let o = 5; o < w; o += 10) {
        ctx.beginPath();
        ctx.arc(x + o, y + 4, 1.4, 0, Math.PI * 2);
        ctx.fill();
      }
      break;
    case 'shared':
      ctx.fillRect(x, y + h - 5, w, 2);
      ctx.fillRect(x, y + h - 9, w, 2);
      break;
    case 'shmem':
      ctx.fillRect(x, y + h - 5, w, 2);
      break;
    case 'poison':
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + w, y + h);
      ctx.moveTo(x + w, y);
      ctx.lineTo(x, y + h);
      ctx.stroke();
      break;
    default:
      break;
  }
  ctx.restore();
}

/* ---------------------------------------------------------------- frames, one by one */

function drawFramesDetailed(ctx: CanvasRenderingContext2D, d: DrawInput): void {
  const { layout: l, zoom: z, palette: pal } = d;
  const [a, b] = visibleFrames(l, z);
  const w = framePx(l, z);
  const inset = w >= 6 ? 1 : 0;
  const y = l.frameY;
  const h = l.frameH;
  for (let pfn = a; pfn <= b; pfn++) {
    const x = frameX(l, z, pfn) + inset;
    const cw = w - 2 * inset;
    const ch = d.prep.byFrame.get(pfn);
    const t = ch ? d.progress(ch.phase) : 1;
    const kind = d.model.frames.kind[pfn]!;
    if (ch && ch.kind === 'allocated' && t < 1) {
      freeSlot(ctx, d, x, y, cw, h);
      if (t > 0) {
        // A new frame grows out of its slot.
        const s = t;
        const color = frameColor(kind, d.model.frames.mapcount[pfn]!);
        paintCell(ctx, pal, color, x + (cw * (1 - s)) / 2, y + (h * (1 - s)) / 2, cw * s, h * s);
      }
      continue;
    }
    if (ch && ch.kind === 'freed') {
      freeSlot(ctx, d, x, y, cw, h);
      if (t < 1 && ch.before)
        paintCell(
          ctx,
          pal,
          frameColor(frameKindCode(ch.before), ch.before.mapcount),
          x,
          y,
          cw,
          h,
          1 - t,
        );
      continue;
    }
    if (kind === FrameKindCode.free) {
      freeSlot(ctx, d, x, y, cw, h);
      continue;
    }
    const mc = mapcountNow(d, pfn);
    paintCell(ctx, pal, frameColor(kind, mc), x, y, cw, h);
    if (w < TEXT_MIN) continue;
    ctx.textAlign = 'center';
    ctx.fillStyle = pal.onCell;
    ctx.font = fontOf(d, 11, 'bold');
    const titles =
      kind === FrameKindCode.zero
        ? ['zero page', 'zero', `${pfn}`]
        : kind === FrameKindCode.refpage
          ? [`ref pfn ${pfn}`, `pfn ${pfn}`, `${pfn}`]
          : [`pfn ${pfn}`, `${pfn}`];
    ctx.fillText(firstFit(ctx, titles, cw - 6), x + cw / 2, y + h * 0.32);
    ctx.font = fontOf(d, 11);
    ctx.fillText(fit(ctx, countText(d, pfn, kind, cw), cw - 6), x + cw / 2, y + h * 0.7);
  }
}

/** "mapcount 2" for ordinary frames; "3 PTEs" for the zero and reference pages (not counted). */
function countText(d: DrawInput, pfn: number, kind: number, w: number): string {
  const special = kind === FrameKindCode.zero || kind === FrameKindCode.refpage;
  const ch = d.prep.byFrame.get(pfn);
  const markCounts = ch && ch.kind === 'counts' && d.marked(ch.phase) && d.progress(ch.phase) >= 1;
  if (special) {
    const n = fanInNow(d, pfn);
    const delta = d.prep.fanDelta.get(pfn) ?? 0;
    const was =
      delta !== 0 && d.progress(lastPhase(d)) >= 1 && d.marked(lastPhase(d)) ? `${n - delta}→` : '';
    return w >= 84 ? `PTEs: ${was}${n}` : `${was}${n}`;
  }
  const mc = mapcountNow(d, pfn);
  const was = markCounts ? `${ch.before?.mapcount ?? 0}→` : '';
  return w >= 84 ? `mapcount ${was}${mc}` : `${was}×${mc}`;
}

function lastPhase(d: DrawInput): number {
  return Math.max(0, d.prep.changes.events - 1);
}

function freeSlot(
  ctx: CanvasRenderingContext2D,
  d: DrawInput,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  const pal = d.palette;
  ctx.save();
  ctx.strokeStyle = pal.border;
  ctx.setLineDash([3, 3]);
  ctx.lineWidth = 1;
  if (w >= 3)
    ctx.strokeRect(Math.round(x) + 0.5, Math.round(y) + 0.5, Math.max(1, Math.round(w) - 1), h - 1);
  ctx.restore();
  if (w >= TEXT_MIN + 10) {
    ctx.textAlign = 'center';
    ctx.fillStyle = pal.muted;
    ctx.font = fontOf(d, 11);
    ctx.fillText('free', x + w / 2, y + h / 2);
  }
}

/* ---------------------------------------------------------------- bundles */

const BUNDLE_TEXT = 64;

function drawRowBundles(ctx: CanvasRenderingContext2D, d: DrawInput, row: ProcRowGeo): void {
  const { layout: l, zoom: z, palette: pal, model } = d;
  const pm = model.procs[row.index];
  if (!pm || !pm.exists) return;
  const runs = pageRuns(model.axis, pm);
  const w = pagePx(l, z);
  const fw = framePx(l, z);
  const y = row.cellsY;
  const h = l.pageH;
  const edgeY = row.above ? y + h : y;
  const frameEdge = row.above ? l.frameY : l.frameY + l.frameH;
  // Sub-pixel runs share one column per pixel; the column shows its most telling run.
  let colX = -Infinity;
  let colColor: CellColor | null = null;
  let colRank = -1;
  let colLinkTo = -1;
  const flushColumn = () => {
    if (colColor === null) return;
    ctx.fillStyle = pal[colColor];
    ctx.fillRect(colX, y, 1, h);
    if (colLinkTo >= 0) {
      ctx.strokeStyle = pal.fg;
      ctx.globalAlpha = 0.25;
      ctx.lineWidth = 1;
      ctx.beginPath();
      const fx = frameX(l, z, colLinkTo) + fw / 2;
      bezier(ctx, colX + 0.5, edgeY, fx, frameEdge);
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    colColor = null;
    colRank = -1;
    colLinkTo = -1;
  };
  const [vis0, vis1] = [l.plotX, l.width];
  for (let r = firstRunOnScreen(d, runs); r < runs.count; r++) {
    const i = runs.start[r]!;
    const n = runs.len[r]!;
    const x0 = pageX(l, z, i);
    if (x0 > vis1) break;
    const x1 = x0 + n * w;
    if (x1 < vis0) continue;
    const pfn0 = pm.pfn[i]!;
    const look = lookAt(d, row.index, i);
    const color = bundleColor(d, look, pfn0, n);
    if (x1 - x0 < 1.5) {
      const px = Math.floor(x0);
      if (px !== colX) {
        flushColumn();
        colX = px;
      }
      const rank = RANK[color];
      if (rank > colRank) {
        colRank = rank;
        colColor = color;
      }
      if (colLinkTo < 0 && pfn0 >= 0) colLinkTo = pfn0;
      continue;
    }
    flushColumn();
    if (pfn0 >= 0) band(ctx, d, row, x0, x1, pfn0, look, n);
    paintCell(ctx, pal, color, x0, y, x1 - x0, h);
    if (look.wp) {
      ctx.fillStyle = pal.wp;
      ctx.fillRect(x0, y, x1 - x0, Math.max(3, 5 * l.scale));
    }
    if (x1 - x0 >= BUNDLE_TEXT) {
      const cx = (Math.max(x0, vis0) + Math.min(x1, vis1)) / 2;
      const room = Math.min(x1, vis1) - Math.max(x0, vis0) - 8;
      ctx.textAlign = 'center';
      ctx.fillStyle = color === 'none' ? pal.fg : pal.onCell;
      ctx.font = fontOf(d, 12, 'bold');
      ctx.fillText(
        fit(ctx, `${n.toLocaleString('en')} page${n === 1 ? '' : 's'}`, room),
        cx,
        y + h * 0.34,
      );
      ctx.font = fontOf(d, 11);
      ctx.fillStyle = color === 'none' ? pal.muted : pal.onCell;
      ctx.fillText(fit(ctx, bundleStory(d, look, pfn0, n), room), cx, y + h * 0.72);
    }
  }
  flushColumn();
}

const RANK: Record<CellColor, number> = {
  none: 0,
  zero: 1,
  refpage: 2,
  shmem: 3,
  private: 4,
  shared: 5,
  poison: 6,
};

function firstRunOnScreen(
  d: DrawInput,
  runs: { count: number; start: Int32Array; len: Int32Array },
): number {
  // Binary search for the last run starting at or before the first visible page.
  const vis = visiblePages(d.layout, d.zoom)[0];
  if (!vis) return runs.count;
  const target = vis[0];
  let lo = 0;
  let hi = runs.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (runs.start[mid]! <= target) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A bundle's colour: its frames' kind; private or shared by the majority of its frames. */
function bundleColor(d: DrawInput, look: PageLook, pfn0: number, n: number): CellColor {
  if (look.color !== 'private' && look.color !== 'shared') return look.color;
  const shared = sharedCount(d, pfn0, n);
  return shared * 2 > n ? 'shared' : 'private';
}

/**
 * Per mapcount array: how many frames below each pfn are mapped more than once, so a bundle's
 * count is one subtraction (a 1 GiB map's bundles cover 262,144 frames a process).
 */
const sharedPrefix = new WeakMap<Int32Array, Int32Array>();

/** Frames of [pfn0, pfn0+n) mapped more than once. */
function sharedCount(d: DrawInput, pfn0: number, n: number): number {
  const mc = d.model.frames.mapcount;
  let pre = sharedPrefix.get(mc);
  if (!pre) {
    pre = new Int32Array(mc.length + 1);
    for (let p = 0; p < mc.length; p++) pre[p + 1] = pre[p]! + (mc[p]! > 1 ? 1 : 0);
    sharedPrefix.set(mc, pre);
  }
  const a = Math.max(0, Math.min(pfn0, mc.length));
  const b = Math.max(a, Math.min(pfn0 + n, mc.length));
  return pre[b]! - pre[a]!;
}

/** "→ 512 frames, private", "→ the zero page", "not present". */
export function bundleStory(d: DrawInput, look: PageLook, pfn0: number, n: number): string {
  if (!look.present) return look.poison ? 'poisoned' : 'not present';
  const ro = look.writable ? '' : ', read-only';
  if (look.color === 'zero') return `→ zero page${ro}`;
  if (look.color === 'refpage') return `→ reference page${ro}`;
  const shared = sharedCount(d, pfn0, n);
  const frames = `→ ${n.toLocaleString('en')} frame${n === 1 ? '' : 's'}`;
  const how =
    look.color === 'shmem'
      ? 'shmem'
      : shared === 0
        ? 'private'
        : shared === n
          ? 'shared'
          : `${(n - shared).toLocaleString('en')} private, ${shared.toLocaleString('en')} shared`;
  return `${frames}, ${how}${ro}`;
}

/** A bundle's PTEs as one band from its pages to its frames (or to the one special frame). */
function band(
  ctx: CanvasRenderingContext2D,
  d: DrawInput,
  row: ProcRowGeo,
  x0: number,
  x1: number,
  pfn0: number,
  look: PageLook,
  n: number,
): void {
  const { layout: l, zoom: z, palette: pal } = d;
  const w = framePx(l, z);
  const special = look.color === 'zero' || look.color === 'refpage';
  const f0 = frameX(l, z, pfn0);
  const f1 = special ? f0 + w : frameX(l, z, pfn0 + n - 1) + w;
  const py = row.above ? row.cellsY + l.pageH : row.cellsY;
  const fy = row.above ? l.frameY : l.frameY + l.frameH;
  const my = (py + fy) / 2;
  ctx.save();
  ctx.beginPath();
  ctx.moveTo(x0, py);
  ctx.bezierCurveTo(x0, my, f0, my, f0, fy);
  ctx.lineTo(f1, fy);
  ctx.bezierCurveTo(f1, my, x1, my, x1, py);
  ctx.closePath();
  ctx.globalAlpha = 0.28;
  ctx.fillStyle = pal[look.color];
  ctx.fill();
  ctx.globalAlpha = 0.7;
  ctx.strokeStyle = pal.fg;
  ctx.lineWidth = 1.2;
  if (!look.writable) ctx.setLineDash([5, 4]);
  ctx.stroke();
  ctx.restore();
}

export function bezier(
  ctx: CanvasRenderingContext2D,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): void {
  const my = (y0 + y1) / 2;
  ctx.moveTo(x0, y0);
  ctx.bezierCurveTo(x0, my, x1, my, x1, y1);
}

function drawFrameBundles(ctx: CanvasRenderingContext2D, d: DrawInput): void {
  const { layout: l, zoom: z, palette: pal, model } = d;
  const runs = frameRuns(model.frames);
  const w = framePx(l, z);
  const y = l.frameY;
  const h = l.frameH;
  let colX = -Infinity;
  let colColor: CellColor | null = null;
  let colRank = -1;
  const flush = () => {
    if (colColor !== null && colColor !== 'none') {
      ctx.fillStyle = pal[colColor];
      ctx.fillRect(colX, y, 1, h);
    }
    colColor = null;
    colRank = -1;
  };
  const [a, b] = visibleFrames(l, z);
  for (let r = 0; r < runs.count; r++) {
    const p0 = runs.start[r]!;
    const n = runs.len[r]!;
    if (p0 + n - 1 < a) continue;
    if (p0 > b) break;
    const x0 = frameX(l, z, p0);
    const x1 = x0 + n * w;
    const kind = runs.kind[r]!;
    const color = frameColor(kind, runs.shared[r] ? 2 : 1);
    if (x1 - x0 < 1.5) {
      const px = Math.floor(x0);
      if (px !== colX) {
        flush();
        colX = px;
      }
      if (RANK[color] > colRank) {
        colRank = RANK[color];
        colColor = color;
      }
      continue;
    }
    flush();
    if (kind === FrameKindCode.free) {
      freeSlot(ctx, d, x0, y, x1 - x0, h);
      continue;
    }
    paintCell(ctx, pal, color, x0, y, x1 - x0, h);
    if (x1 - x0 >= BUNDLE_TEXT) {
      const cx = (Math.max(x0, l.plotX) + Math.min(x1, l.width)) / 2;
      const room = Math.min(x1, l.width) - Math.max(x0, l.plotX) - 8;
      ctx.textAlign = 'center';
      ctx.fillStyle = pal.onCell;
      ctx.font = fontOf(d, 12, 'bold');
      const what =
        kind === FrameKindCode.zero
          ? 'zero page'
          : `${n.toLocaleString('en')} frame${n === 1 ? '' : 's'}`;
      ctx.fillText(fit(ctx, what, room), cx, y + h * 0.34);
      ctx.font = fontOf(d, 11);
      ctx.fillText(fit(ctx, frameStory(kind, runs.shared[r]!, p0, n), room), cx, y + h * 0.7);
    }
  }
  flush();
}

function frameStory(kind: number, shared: number, p0: number, n: number): string {
  const pfns = n === 1 ? `pfn ${p0}` : `pfn ${p0}–${p0 + n - 1}`;
  const what =
    kind === FrameKindCode.anon
      ? shared
        ? 'anonymous, shared'
        : 'anonymous'
      : kind === FrameKindCode.shmem
        ? 'shmem'
        : kind === FrameKindCode.refpage
          ? 'reference page'
          : '';
  return what ? `${pfns}, ${what}` : pfns;
}

/* ---------------------------------------------------------------- VMA labels */

function drawVmaLabels(ctx: CanvasRenderingContext2D, d: DrawInput, row: ProcRowGeo): void {
  const { layout: l, zoom: z, palette: pal } = d;
  const pm = d.model.procs[row.index];
  if (!pm || !pm.exists) return;
  ctx.font = fontOf(d, 11);
  ctx.textAlign = 'left';
  const w = pagePx(l, z);
  const spans: (LabelSpan & { v: Vma })[] = [];
  for (const v of pm.vmas) {
    const i = indexOf(d, v.start);
    if (i < 0) continue;
    const n = Math.round((v.end - v.start) / d.model.axis.pageSize);
    const x0 = Math.max(l.plotX + 2, pageX(l, z, i));
    const x1 = Math.min(l.width, pageX(l, z, i) + n * w);
    if (x1 <= x0) continue;
    spans.push({ x0, x1, forms: d.vmaLabels(v), v });
  }
  const placed = placeVmaLabels(spans, l.width, (t) => ctx.measureText(t).width);
  spans.forEach(({ x0, x1, v }, k) => {
    // A bracket over (or under) the VMA's pages, and its label. A range registered with
    // userfaultfd gets a thick dashed bracket in the blocked-thread colour (a fault there may
    // sleep until the monitor answers), and its label says for which faults.
    if (x1 - x0 >= 4) {
      const uffd = uffdModes(v) !== null;
      const by = row.above ? row.cellsY - 3 : row.cellsY + l.pageH + 3;
      ctx.save();
      ctx.strokeStyle = uffd ? pal.blocked : pal.muted;
      ctx.lineWidth = uffd ? 2.5 * l.scale : 1;
      if (uffd) ctx.setLineDash([5 * l.scale, 3 * l.scale]);
      ctx.beginPath();
      ctx.moveTo(x0 + 0.5, by + (row.above ? 3 : -3));
      ctx.lineTo(x0 + 0.5, by);
      ctx.lineTo(x1 - 0.5, by);
      ctx.lineTo(x1 - 0.5, by + (row.above ? 3 : -3));
      ctx.stroke();
      ctx.restore();
    }
    const label = placed[k];
    if (!label) return;
    ctx.fillStyle = pal.muted;
    ctx.fillText(label.text, label.x, row.labelY);
  });
}
