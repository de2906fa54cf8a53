/**
 * PTEs as links from a page to its frame. A writable PTE is a solid line; a read-only one is
 * dashed and carries a small lock, so the difference never rests on colour. Links into one frame
 * spread over its edge (a fan), so the zero page's fan-in can be counted by eye.
 *
 * A link the step at the cursor changed moves between its before and after: it grows from the page
 * (added), shrinks back into it (removed), slides its frame end to the new frame (re-pointed: a
 * copy-on-write), turns solid in place (wp_page_reuse), or slides its page end from the source page
 * to the destination (UFFDIO_MOVE). Once still, the old link stays as a dotted ghost crossed out.
 */
import { ptePfn } from '../../store/engine';
import type { LinkChange } from '../../store/selectors/changes-by-event';
import { pageIndex } from '../../store/selectors/mapping';
import type { DrawInput } from './input';
import { framePx, frameX, pagePx, pageX, type ProcRowGeo } from './layout';
import { ease, present, writable } from './scene';

export interface LinkDraw {
  row: number;
  above: boolean;
  i: number;
  /** Page end (centre of the page's edge facing the frames). */
  px: number;
  py: number;
  /** Frame the link points at now (after the step, or before it for a change not yet made). */
  pfn: number;
  fy: number;
  writable: boolean;
  change: LinkChange | null;
  /** 0..1: how far the link has grown out of its page (1 for a whole link). */
  reach: number;
  /** For a sliding end: the other position, and how far towards this one it has come. */
  fromPx?: number;
  fromPfn?: number;
  slide: number;
  /** Set by the fan: where on the frame's edge this link lands. */
  fx: number;
}

export function linkEnds(
  d: DrawInput,
  row: ProcRowGeo,
  i: number,
  pfn: number,
  bits: number,
  ch: LinkChange | null,
): LinkDraw {
  const { layout: l, zoom: z } = d;
  const w = pagePx(l, z);
  const py = row.above ? row.cellsY + l.pageH : row.cellsY;
  const fy = row.above ? l.frameY : l.frameY + l.frameH;
  const base = {
    row: row.index,
    above: row.above,
    i,
    px: pageX(l, z, i) + w / 2,
    py,
    fy,
    fx: 0,
    slide: 1,
    reach: 1,
  };
  if (!ch) return { ...base, pfn, writable: (bits & 2) !== 0, change: null };
  const t = ease(d.progress(ch.phase));
  const before = present(ch.before) ? ptePfn(ch.before) : -1;
  const after = present(ch.after) ? ptePfn(ch.after) : -1;
  switch (ch.kind) {
    case 'added':
      if (ch.movedFrom !== undefined) {
        const from = pageIndex(d.model.axis, ch.movedFrom);
        return {
          ...base,
          pfn: after,
          writable: writable(ch.after),
          change: ch,
          fromPx: from >= 0 ? pageX(l, z, from) + w / 2 : base.px,
          slide: t,
        };
      }
      return { ...base, pfn: after, writable: writable(ch.after), change: ch, reach: t };
    case 'removed':
      return { ...base, pfn: before, writable: writable(ch.before), change: ch, reach: 1 - t };
    case 'repointed':
      return {
        ...base,
        pfn: after,
        writable: t < 0.5 ? writable(ch.before) : writable(ch.after),
        change: ch,
        fromPfn: before,
        slide: t,
      };
    case 'protection':
      return {
        ...base,
        pfn: after,
        writable: t < 0.5 ? writable(ch.before) : writable(ch.after),
        change: ch,
      };
    case 'marker':
      return { ...base, pfn: -1, writable: false, change: ch, reach: 0 };
  }
}

/** Spreads the links landing on each frame from each side over its edge, in page order. */
function fan(d: DrawInput, links: LinkDraw[]): void {
  const { layout: l, zoom: z } = d;
  const w = framePx(l, z);
  const groups = new Map<string, LinkDraw[]>();
  for (const k of links) {
    if (k.pfn < 0) continue;
    const key = `${k.pfn}${k.above ? 'a' : 'b'}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(k);
  }
  for (const g of groups.values()) {
    g.sort((a, b) => a.px - b.px || a.row - b.row);
    const left = frameX(l, z, g[0]!.pfn);
    const m = g.length;
    const span = Math.min(w * 0.8, Math.max(0, (m - 1) * 8));
    g.forEach((k, j) => {
      k.fx = left + w / 2 + (m === 1 ? 0 : -span / 2 + (span * j) / (m - 1));
    });
  }
}

export function drawLinks(ctx: CanvasRenderingContext2D, d: DrawInput, links: LinkDraw[]): void {
  fan(d, links);
  const sel = d.selection;
  const hov = d.hover;
  const isSel = (k: LinkDraw) =>
    !!sel &&
    ((sel.kind === 'frame' && sel.pfn === k.pfn) ||
      (sel.kind === 'page' &&
        d.model.procs[k.row]?.name === sel.proc &&
        pageOf(d, sel.addr) === k.i));
  const isHov = (k: LinkDraw) =>
    !!hov &&
    ((hov.kind === 'frame' && hov.pfn === k.pfn) ||
      (hov.kind === 'page' &&
        d.model.procs[k.row]?.name === hov.proc &&
        pageOf(d, hov.addr) === k.i));
  // Ghosts under everything: where a changed link used to go.
  for (const k of links) if (k.change) ghost(ctx, d, k);
  const order = [...links].sort((a, b) => rank(a, isSel, isHov, d) - rank(b, isSel, isHov, d));
  for (const k of order) {
    if (k.pfn < 0 || k.reach <= 0) continue;
    const style = isSel(k)
      ? { color: d.palette.sel, width: 2.8, alpha: 1 }
      : k.change && d.marked(k.change.phase)
        ? { color: d.palette.change, width: 3.2, alpha: 1 }
        : isHov(k)
          ? { color: d.palette.hover, width: 2.4, alpha: 1 }
          : { color: d.palette.fg, width: 1.5, alpha: 0.6 };
    stroke(ctx, d, k, style);
  }
}

function rank(
  k: LinkDraw,
  isSel: (k: LinkDraw) => boolean,
  isHov: (k: LinkDraw) => boolean,
  d: DrawInput,
): number {
  if (isSel(k)) return 3;
  if (k.change && d.marked(k.change.phase)) return 2;
  if (isHov(k)) return 1;
  return 0;
}

function pageOf(d: DrawInput, addr: number): number {
  const ps = d.model.axis.pageSize;
  return pageIndex(d.model.axis, Math.floor(addr / ps) * ps);
}

/** The control points of a link, with its sliding ends placed. */
function curve(
  d: DrawInput,
  k: LinkDraw,
): [number, number, number, number, number, number, number, number] {
  const { layout: l, zoom: z } = d;
  const w = framePx(l, z);
  let px = k.px;
  let fx = k.fx;
  if (k.fromPx !== undefined) px = k.fromPx + (k.px - k.fromPx) * k.slide;
  if (k.fromPfn !== undefined && k.fromPfn >= 0) {
    const from = frameX(l, z, k.fromPfn) + w / 2;
    fx = from + (k.fx - from) * k.slide;
  }
  const my = (k.py + k.fy) / 2;
  return [px, k.py, px, my, fx, my, fx, k.fy];
}

/** The point at parameter s of a cubic Bézier. */
export function bezierPoint(c: readonly number[], s: number): [number, number] {
  const u = 1 - s;
  const a = u * u * u;
  const b = 3 * u * u * s;
  const cc = 3 * u * s * s;
  const e = s * s * s;
  return [
    a * c[0]! + b * c[2]! + cc * c[4]! + e * c[6]!,
    a * c[1]! + b * c[3]! + cc * c[5]! + e * c[7]!,
  ];
}

/** The first part of a cubic Bézier, up to parameter s (de Casteljau). */
function splitAt(c: readonly number[], s: number): number[] {
  const lerp = (a: number, b: number) => a + (b - a) * s;
  const [x0, y0, x1, y1, x2, y2, x3, y3] = c as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ax = lerp(x0, x1),
    ay = lerp(y0, y1);
  const bx = lerp(x1, x2),
    by = lerp(y1, y2);
  const cx = lerp(x2, x3),
    cy = lerp(y2, y3);
  const dx = lerp(ax, bx),
    dy = lerp(ay, by);
  const ex = lerp(bx, cx),
    ey = lerp(by, cy);
  const fx = lerp(dx, ex),
    fy = lerp(dy, ey);
  return [x0, y0, ax, ay, dx, dy, fx, fy];
}

function stroke(
  ctx: CanvasRenderingContext2D,
  d: DrawInput,
  k: LinkDraw,
  st: { color: string; width: number; alpha: number },
): void {
  const s = d.layout.scale;
  let c: number[] = curve(d, k);
  if (k.reach < 1) c = splitAt(c, k.reach);
  ctx.save();
  ctx.globalAlpha = st.alpha;
  ctx.strokeStyle = st.color;
  ctx.lineWidth = st.width * s;
  ctx.setLineDash(k.writable ? [] : [6 * s, 4 * s]);
  ctx.beginPath();
  ctx.moveTo(c[0]!, c[1]!);
  ctx.bezierCurveTo(c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!);
  ctx.stroke();
  ctx.setLineDash([]);
  // The arrowhead at the frame, once the link has arrived.
  if (k.reach >= 1) {
    const [x, y] = [c[6]!, c[7]!];
    const dir = k.above ? 1 : -1;
    ctx.fillStyle = st.color;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x - 4 * s, y - 7 * s * dir);
    ctx.lineTo(x + 4 * s, y - 7 * s * dir);
    ctx.closePath();
    ctx.fill();
  }
  if (!k.writable && pagePx(d.layout, d.zoom) >= 26 && k.reach >= 0.3) {
    const [lx, ly] = bezierPoint(curve(d, k), 0.22);
    lock(ctx, lx, ly, s, st.color, d.palette.panel);
  }
  ctx.restore();
}

/** A small padlock: the sign of a read-only PTE, drawn on its link. */
export function lock(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  s: number,
  fg: string,
  bg: string,
): void {
  ctx.save();
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  const w = 9 * s;
  const h = 7 * s;
  ctx.fillStyle = bg;
  ctx.fillRect(x - w / 2 - 1.5, y - h / 2 - 5 * s, w + 3, h + 6.5 * s);
  ctx.fillStyle = fg;
  ctx.fillRect(x - w / 2, y - h / 2 + s, w, h);
  ctx.strokeStyle = fg;
  ctx.lineWidth = 1.6 * s;
  ctx.beginPath();
  ctx.arc(x, y - h / 2 + s, 3 * s, Math.PI, 0);
  ctx.stroke();
  ctx.restore();
}

/** Where a changed link used to go: dotted, crossed out, fading in as the change completes. */
function ghost(ctx: CanvasRenderingContext2D, d: DrawInput, k: LinkDraw): void {
  const ch = k.change!;
  const t = ease(d.progress(ch.phase));
  const moved = ch.movedFrom !== undefined;
  if (t <= 0 || !(present(ch.before) || moved)) return;
  if (ch.kind !== 'repointed' && ch.kind !== 'removed' && !moved) return;
  if (ch.kind === 'removed' && ch.movedAway) return;
  const { layout: l, zoom: z } = d;
  const w = pagePx(l, z);
  const fw = framePx(l, z);
  const s = l.scale;
  // A moved PTE keeps its frame: the ghost is the link from the page it left.
  const old = ptePfn(moved ? ch.after : ch.before);
  let px = k.px;
  if (ch.movedFrom !== undefined) {
    const from = pageIndex(d.model.axis, ch.movedFrom);
    if (from >= 0) px = pageX(l, z, from) + w / 2;
  }
  const fx = frameX(l, z, old) + fw / 2;
  const my = (k.py + k.fy) / 2;
  const c = [px, k.py, px, my, fx, my, fx, k.fy];
  ctx.save();
  ctx.globalAlpha = 0.85 * t;
  ctx.strokeStyle = d.palette.muted;
  ctx.lineWidth = 1.6 * s;
  ctx.setLineDash([2 * s, 4 * s]);
  ctx.beginPath();
  ctx.moveTo(c[0]!, c[1]!);
  ctx.bezierCurveTo(c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!);
  ctx.stroke();
  if (d.marked(ch.phase)) {
    // The cross nearer the page that let go than the midpoint: two ghosts that cross (a process
    // exiting lets go of two frames side by side) would otherwise share one cross.
    const [x, y] = bezierPoint(c, 0.3);
    const r = 5 * s;
    ctx.setLineDash([]);
    ctx.lineWidth = 2.4 * s;
    ctx.strokeStyle = d.palette.change;
    ctx.beginPath();
    ctx.moveTo(x - r, y - r);
    ctx.lineTo(x + r, y + r);
    ctx.moveTo(x + r, y - r);
    ctx.lineTo(x - r, y + r);
    ctx.stroke();
  }
  ctx.restore();
}
