/**
 * Draws the address space on the canvas this view owns. Plain canvas code, no React, no D3
 * selection: it gets everything it needs (axis, zoomed scale, page codes, colours) as arguments.
 * A VMA is drawn page by page while pages are at least a pixel wide, and as one column per pixel
 * (the most significant kind in it) below that, so 262,144 pages cost one pass over a byte array.
 */
import type { LinearScale } from '../common/linear-scale';
import {
  PAGE_BLOCKED,
  PAGE_KIND_MASK,
  PAGE_KIND_NAMES,
  PAGE_WP,
  PageKind,
} from '../../store/selectors/pages';
import { PAGE_STYLES } from '../common/kinds';
import { formatSize, ticks, type Axis } from './layout';

export const ROW_H = 52;
export const LABEL_H = 16;
export const BAND_H = 28;
export const AXIS_H = 18;

export interface DrawVma {
  start: number;
  end: number;
  label: string;
  codes: Uint8Array;
}

export interface DrawRow {
  proc: string;
  vmas: DrawVma[];
}

export interface Palette {
  kinds: string[];
  wp: string;
  blocked: string;
  fg: string;
  muted: string;
  bg: string;
  sel: string;
  hover: string;
  border: string;
}

export interface DrawInput {
  width: number;
  axis: Axis;
  scale: LinearScale;
  rows: DrawRow[];
  palette: Palette;
  /** Pages to outline: the selection (strong) and pages sharing its frame (dashed). */
  selected: { proc: string; addr: number } | null;
  related: { proc: string; addr: number }[];
  /** Pages under the pointer here or elsewhere (a hovered frame's mappers). */
  hover: { proc: string; addr: number }[];
  /** Pages whose PTE the step at the cursor changed: a ▼ above each (a shape, not a colour). */
  changed?: { proc: string; addr: number }[];
  name(addr: number): string;
}

export function canvasHeight(rows: number): number {
  return Math.max(1, rows) * ROW_H + AXIS_H;
}

/** Priority when several kinds share a pixel column: what a viewer should not miss. */
const COLUMN_PRIORITY = [
  PageKind.poison,
  PageKind.shared,
  PageKind.private,
  PageKind.refpage,
  PageKind.zero,
];

export function drawAddressSpace(ctx: CanvasRenderingContext2D, d: DrawInput): void {
  const { width, scale, palette } = d;
  ctx.clearRect(0, 0, width, canvasHeight(d.rows.length));
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const pageSize = d.axis.pageSize;
  const unitOf = (addr: number) => {
    for (const s of d.axis.segments)
      if (addr >= s.start && addr <= s.end) return s.u0 + (addr - s.start) / pageSize;
    return 0;
  };

  d.rows.forEach((row, ri) => {
    const y0 = ri * ROW_H;
    const by = y0 + LABEL_H;
    ctx.fillStyle = palette.fg;
    ctx.font = 'bold 11px system-ui, sans-serif';
    ctx.fillText(row.proc, 4, y0 + LABEL_H / 2);
    ctx.font = '11px system-ui, sans-serif';
    let labelEnd = ctx.measureText(row.proc).width + 12;
    for (const v of row.vmas) {
      const x0 = scale(unitOf(v.start));
      const x1 = scale(unitOf(v.end));
      if (x1 < 0 || x0 > width) continue;
      drawVmaPages(ctx, v, x0, x1, by, d);
      ctx.strokeStyle = palette.fg;
      ctx.lineWidth = 1;
      ctx.strokeRect(
        Math.round(x0) + 0.5,
        by + 0.5,
        Math.max(1, Math.round(x1 - x0) - 1),
        BAND_H - 1,
      );
      // The VMA's label, where it fits without overlapping the previous one.
      const lx = Math.max(x0, labelEnd);
      const text = v.label;
      const w = ctx.measureText(text).width;
      if (lx + w < Math.min(width, Math.max(x1, lx + w)) + 1 && lx < x1) {
        ctx.fillStyle = palette.muted;
        ctx.fillText(text, lx + 2, y0 + LABEL_H / 2);
        labelEnd = lx + w + 10;
      }
    }
    const outline = (
      p: { proc: string; addr: number },
      color: string,
      dash: number[],
      lw: number,
    ) => {
      if (p.proc !== row.proc) return;
      const u = unitOf(p.addr);
      const x0 = scale(u);
      const x1 = Math.max(x0 + 3, scale(u + 1));
      ctx.save();
      ctx.strokeStyle = color;
      ctx.lineWidth = lw;
      ctx.setLineDash(dash);
      ctx.strokeRect(x0 - lw / 2, by - lw / 2, x1 - x0 + lw, BAND_H + lw);
      ctx.restore();
    };
    const CHANGED_MAX = 2000;
    for (const c of (d.changed ?? []).slice(0, CHANGED_MAX)) {
      if (c.proc !== row.proc) continue;
      const u = unitOf(c.addr);
      const xm = (scale(u) + Math.max(scale(u) + 3, scale(u + 1))) / 2;
      ctx.save();
      ctx.fillStyle = palette.sel;
      ctx.strokeStyle = palette.bg;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(xm - 5, by - 7);
      ctx.lineTo(xm + 5, by - 7);
      ctx.lineTo(xm, by);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
      ctx.restore();
    }
    for (const r of d.related) outline(r, palette.sel, [3, 2], 2);
    for (const h of d.hover) outline(h, palette.hover, [], 2);
    if (d.selected) outline(d.selected, palette.sel, [], 3);
  });

  // Gaps between segments: a break mark and the true size of the hole.
  const ay = d.rows.length * ROW_H;
  ctx.fillStyle = palette.muted;
  for (let i = 1; i < d.axis.segments.length; i++) {
    const prev = d.axis.segments[i - 1]!;
    const s = d.axis.segments[i]!;
    const gx0 = scale(prev.u0 + (prev.end - prev.start) / pageSize);
    const gx1 = scale(s.u0);
    if (gx1 < 0 || gx0 > width) continue;
    const mid = (gx0 + gx1) / 2;
    ctx.textAlign = 'center';
    if (gx1 - gx0 > 30) ctx.fillText(`⋯ ${formatSize(s.start - prev.end)} ⋯`, mid, ay + AXIS_H / 2);
    ctx.textAlign = 'left';
  }
  // Ticks, named as the scenario names addresses (p+0x2000).
  ctx.strokeStyle = palette.muted;
  let lastEnd = -Infinity;
  for (const t of ticks(d.axis, scale, width, Math.max(2, Math.floor(width / 110)))) {
    if (t.x < 0 || t.x > width) continue;
    ctx.beginPath();
    ctx.moveTo(t.x + 0.5, ay);
    ctx.lineTo(t.x + 0.5, ay + 4);
    ctx.stroke();
    const label = d.name(t.addr);
    const w = ctx.measureText(label).width;
    const x = Math.min(width - w - 2, Math.max(2, t.x - w / 2));
    if (x > lastEnd + 6) {
      ctx.fillStyle = palette.muted;
      ctx.fillText(label, x, ay + 11);
      lastEnd = x + w;
    }
  }
}

function drawVmaPages(
  ctx: CanvasRenderingContext2D,
  v: DrawVma,
  x0: number,
  x1: number,
  by: number,
  d: DrawInput,
): void {
  const n = v.codes.length;
  if (n === 0) return;
  const ppp = (x1 - x0) / n;
  const { palette, width } = d;
  if (ppp >= 1) {
    const first = Math.max(0, Math.floor(-x0 / ppp));
    const last = Math.min(n - 1, Math.ceil((width - x0) / ppp));
    for (let i = first; i <= last; i++) {
      const code = v.codes[i]!;
      const kind = code & PAGE_KIND_MASK;
      const px = x0 + i * ppp;
      const w = Math.max(1, ppp - (ppp >= 4 ? 1 : 0));
      ctx.fillStyle = palette.kinds[kind]!;
      ctx.fillRect(px, by, w, BAND_H);
      if (ppp >= 6) drawPattern(ctx, kind, px, by, w, palette);
      if (code & PAGE_WP) {
        ctx.fillStyle = palette.wp;
        ctx.fillRect(px, by, w, 5);
      }
      if (code & PAGE_BLOCKED) {
        ctx.strokeStyle = palette.blocked;
        ctx.lineWidth = 2;
        ctx.strokeRect(px + 1, by + 1, w - 2, BAND_H - 2);
      }
      if (ppp >= 12) {
        const letter =
          PAGE_STYLES[PAGE_KIND_NAMES[kind]!].letter +
          (code & PAGE_WP ? 'w' : '') +
          (code & PAGE_BLOCKED ? '!' : '');
        ctx.fillStyle = kind === PageKind.none ? palette.muted : '#111';
        ctx.textAlign = 'center';
        ctx.fillText(letter, px + w / 2, by + BAND_H / 2 + 3);
        ctx.textAlign = 'left';
      }
    }
    return;
  }
  // Many pages per pixel: one column per pixel, showing the most significant kind in it.
  const cols = Math.max(1, Math.ceil(x1 - x0));
  const seen = new Uint8Array(cols * 8);
  for (let i = 0; i < n; i++) {
    const c = Math.min(cols - 1, Math.floor(i * ppp));
    const code = v.codes[i]!;
    seen[c * 8 + (code & PAGE_KIND_MASK)] = 1;
    if (code & PAGE_WP) seen[c * 8 + 6] = 1;
    if (code & PAGE_BLOCKED) seen[c * 8 + 7] = 1;
  }
  const cFirst = Math.max(0, Math.floor(-x0));
  const cLast = Math.min(cols - 1, Math.ceil(width - x0));
  for (let c = cFirst; c <= cLast; c++) {
    let kind: number = PageKind.none;
    for (const k of COLUMN_PRIORITY) {
      if (seen[c * 8 + k]) {
        kind = k;
        break;
      }
    }
    ctx.fillStyle = palette.kinds[kind]!;
    ctx.fillRect(x0 + c, by, 1, BAND_H);
    if (seen[c * 8 + 6]) {
      ctx.fillStyle = palette.wp;
      ctx.fillRect(x0 + c, by, 1, 5);
    }
    if (seen[c * 8 + 7]) {
      ctx.fillStyle = palette.blocked;
      ctx.fillRect(x0 + c, by + BAND_H - 4, 1, 4);
    }
  }
}

/** The pattern that tells a kind apart without its colour (the legend shows the same). */
export function drawPattern(
  ctx: CanvasRenderingContext2D,
  kind: number,
  x: number,
  y: number,
  w: number,
  palette: Pick<Palette, 'fg' | 'muted'>,
  h = BAND_H,
): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = 'rgba(0,0,0,0.45)';
  ctx.fillStyle = 'rgba(0,0,0,0.5)';
  ctx.lineWidth = 1;
  switch (kind) {
    case PageKind.refpage:
      ctx.beginPath();
      for (let o = -h; o < w; o += 5) {
        ctx.moveTo(x + o, y + h);
        ctx.lineTo(x + o + h, y);
      }
      ctx.stroke();
      break;
    case PageKind.zero:
      ctx.beginPath();
      ctx.arc(x + w / 2, y + 6, 1.6, 0, Math.PI * 2);
      ctx.fill();
      break;
    case PageKind.shared:
      ctx.fillRect(x, y + h - 6, w, 2);
      ctx.fillRect(x, y + h - 10, w, 2);
      break;
    case PageKind.poison:
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + w, y + h);
      ctx.moveTo(x + w, y);
      ctx.lineTo(x, y + h);
      ctx.stroke();
      break;
    case PageKind.none:
      ctx.strokeStyle = palette.muted;
      ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
      break;
  }
  ctx.restore();
}
