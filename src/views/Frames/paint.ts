/**
 * Painting the frame grid up to a thousand frames: each cell drawn with its letter and mapcount.
 * Past that, dense.ts paints one small cell per pfn into an ImageData (262,144 fillRect calls take
 * most of a second; an ImageData pass a few milliseconds, and a step repaints only its cells).
 */
import type { Frame } from '../../store/engine';
import { cellAt, type GridGeometry } from './grid';
import { frameStyleOf } from './styles';

/** A cell of the grid: a frame in use, or the ghost of one the step at the cursor freed. */
export interface FrameCell {
  pfn: number;
  frame: Frame;
  ghost?: boolean;
}

export interface PaintInput {
  frames: readonly FrameCell[];
  geo: GridGeometry;
  width: number;
  colors: Record<string, string>;
  /** 0..1 through the appear animation; 1 when still. */
  t: number;
  animate: boolean;
  allocated: ReadonlySet<number>;
  copiedTo: ReadonlySet<number>;
  /** Outlines: the selection, the hovered frame, frames whose counts the step changed (dashed). */
  marks: { pfn: number; color: string; width: number; dash?: number[] }[];
  /** The step's change colour (the theme's --accent, as on the memory map), never a kind's. */
  accent: string;
}

const rgbaCache = new Map<string, number>();
/** A CSS colour as a little-endian RGBA word for a Uint32Array view of ImageData. */
export function packColor(css: string): number {
  let v = rgbaCache.get(css);
  if (v !== undefined) return v;
  const m = /^#([0-9a-f]{6})$/i.exec(css.trim());
  if (m) {
    const n = parseInt(m[1]!, 16);
    v = (0xff << 24) | ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff);
  } else {
    const c = document.createElement('canvas').getContext('2d');
    if (!c) return 0xff888888;
    c.fillStyle = css;
    c.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = c.getImageData(0, 0, 1, 1).data;
    v = ((a! << 24) | (b! << 16) | (g! << 8) | r!) >>> 0;
  }
  rgbaCache.set(css, v >>> 0);
  return v >>> 0;
}

export function paintFrames(ctx: CanvasRenderingContext2D, dpr: number, p: PaintInput): void {
  const { geo, width } = p;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, geo.height);
  paintDetailed(ctx, p);
  const index = new Map<number, number>();
  if (p.marks.length > 0) p.frames.forEach((f, i) => !f.ghost && index.set(f.pfn, i));
  for (const m of p.marks) {
    const i = index.get(m.pfn);
    if (i === undefined) continue;
    const { x, y } = cellAt(geo, i);
    ctx.save();
    ctx.strokeStyle = m.color;
    ctx.lineWidth = m.width;
    ctx.setLineDash(m.dash ?? []);
    ctx.strokeRect(x - m.width / 2, y - m.width / 2, geo.cellW + m.width, geo.cellH + m.width);
    ctx.restore();
  }
}

function paintDetailed(ctx: CanvasRenderingContext2D, p: PaintInput): void {
  const { geo } = p;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  p.frames.forEach(({ pfn, frame, ghost }, i) => {
    const { x, y } = cellAt(geo, i);
    if (ghost) {
      paintGhost(ctx, p, x, y, frameStyleOf(frame).letter);
      return;
    }
    const st = frameStyleOf(frame);
    const isNew = p.allocated.has(pfn);
    ctx.globalAlpha = isNew && p.animate ? 0.25 + 0.75 * p.t : 1;
    ctx.fillStyle = p.colors[st.key]!;
    ctx.fillRect(x, y, geo.cellW, geo.cellH);
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#111';
    ctx.font = 'bold 12px system-ui, sans-serif';
    ctx.fillText(st.letter, x + geo.cellW / 2, y + 10);
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillText(`${frame.mapcount}`, x + geo.cellW / 2, y + 22);
    if (isNew || p.copiedTo.has(pfn)) newMark(ctx, p, x, y);
  });
}

/** The corner a new frame's mark folds over: a shape, so the mark is not told by colour alone. */
export const NEW_CORNER = 10;

/**
 * A frame the step allocated or copied to: outlined in the step's change colour, with its top
 * right corner folded over in that colour (a shape the eye finds in any palette, and that no
 * kind's fill has).
 */
function newMark(ctx: CanvasRenderingContext2D, p: PaintInput, x: number, y: number): void {
  const { geo } = p;
  ctx.strokeStyle = p.accent;
  ctx.lineWidth = 2 + (p.animate ? 3 * (1 - p.t) : 0);
  ctx.strokeRect(x + 1, y + 1, geo.cellW - 2, geo.cellH - 2);
  ctx.fillStyle = p.accent;
  ctx.beginPath();
  ctx.moveTo(x + geo.cellW - NEW_CORNER, y);
  ctx.lineTo(x + geo.cellW, y);
  ctx.lineTo(x + geo.cellW, y + NEW_CORNER);
  ctx.closePath();
  ctx.fill();
}

/** A freed frame: its cell fades out to a dashed outline (the frame went back to the allocator). */
function paintGhost(
  ctx: CanvasRenderingContext2D,
  p: PaintInput,
  x: number,
  y: number,
  letter: string,
): void {
  const { geo } = p;
  const fade = p.animate ? 1 - p.t : 0;
  ctx.globalAlpha = 0.15 + 0.6 * fade;
  ctx.fillStyle = p.colors.freed ?? '#999';
  ctx.fillRect(x, y, geo.cellW, geo.cellH);
  ctx.globalAlpha = 1;
  ctx.setLineDash([3, 3]);
  ctx.strokeStyle = '#777';
  ctx.lineWidth = 1;
  ctx.strokeRect(x + 0.5, y + 0.5, geo.cellW - 1, geo.cellH - 1);
  ctx.setLineDash([]);
  ctx.fillStyle = '#555';
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillText(letter, x + geo.cellW / 2, y + 10);
  ctx.fillText('freed', x + geo.cellW / 2, y + 22);
}
