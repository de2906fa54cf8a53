/**
 * The frame grid past a thousand frames: one cell per pfn, from pfn 0 to the run's high-water
 * mark (a free slot stays blank), painted into an ImageData kept between paints. A frame keeps
 * its cell for the whole run, so moving the cursor repaints only the cells whose frames differ
 * between the painted state and the new one (frameDiff, which skips every subtree two states
 * share), plus the cells the step at either cursor flashed or freed. A copy-on-write step over a
 * 1 GiB mapping repaints a handful of cells, not 262,144.
 *
 * Colours come from the memory map's model (FrameArrays: kind and mapcount per pfn). The canvas is
 * backed one to one with CSS pixels here (cells are a few pixels of solid colour, and
 * putImageData ignores the transform); CSS scales it with `image-rendering: pixelated`.
 */
import { frameDiff, type FrameTable } from '../../store/engine';
import { FrameKindCode, type FrameArrays } from '../../store/selectors/mapping';
import { cellAt, type GridGeometry } from './grid';

/** What one paint shows. */
export interface DenseScene {
  frames: FrameArrays;
  /** The engine's frame table of the same state (to find what differs from the painted one). */
  table: FrameTable;
  /** Frames the step at the cursor allocated or copied to (drawn in the accent colour). */
  fresh: ReadonlySet<number>;
  /** Frames the step at the cursor freed (drawn grey where they were). */
  freed: ReadonlySet<number>;
}

/** Packed colours (little-endian RGBA words). */
export interface DenseColors {
  zero: number;
  refpage: number;
  anon: number;
  anonShared: number;
  shmem: number;
  fresh: number;
  freed: number;
}

export interface DenseMark {
  pfn: number;
  color: string;
  width: number;
  dash?: number[];
}

/** What a dense canvas holds between paints. */
export interface DensePainter {
  /** Geometry, width, colours and run: when any differs, everything is painted again. */
  key: string;
  img: ImageData;
  px: Uint32Array;
  scene: DenseScene;
  /** Rectangles the last marks covered (restored from img before the next marks). */
  markRects: Rect[];
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The colour of pfn's cell. */
export function cellColor(s: DenseScene, c: DenseColors, pfn: number): number {
  if (s.freed.has(pfn)) return c.freed;
  const k = s.frames.kind[pfn]!;
  if (k === FrameKindCode.free) return 0;
  if (s.fresh.has(pfn)) return c.fresh;
  switch (k) {
    case FrameKindCode.zero:
      return c.zero;
    case FrameKindCode.refpage:
      return c.refpage;
    case FrameKindCode.shmem:
      return c.shmem;
    default:
      return s.frames.mapcount[pfn]! > 1 ? c.anonShared : c.anon;
  }
}

/**
 * The pfns whose cells differ between two scenes of one run: frames that differ between the two
 * frame tables, and the cells either cursor's step flashed or freed.
 */
export function cellsToRepaint(a: DenseScene, b: DenseScene): Set<number> {
  const dirty = new Set<number>();
  if (a.table !== b.table)
    frameDiff(a.table, b.table, (pfn) => {
      dirty.add(pfn);
    });
  // Nothing more when only the selection or the hover moved (the same sets).
  if (a.fresh !== b.fresh || a.freed !== b.freed)
    for (const set of [a.fresh, a.freed, b.fresh, b.freed]) for (const pfn of set) dirty.add(pfn);
  return dirty;
}

/** Past this many changed cells, one pass over the band of rows they span is cheaper. */
const CELL_PUTS = 256;

/**
 * Paints `scene` on ctx (whose canvas is `width` × geo.height device pixels), from `prev` when its
 * key matches, and returns the painter for the next paint.
 */
export function paintDenseFrames(
  ctx: CanvasRenderingContext2D,
  prev: DensePainter | null,
  scene: DenseScene,
  geo: GridGeometry,
  width: number,
  colors: DenseColors,
  key: string,
  marks: readonly DenseMark[],
): DensePainter {
  const w = Math.max(1, Math.floor(width));
  const h = Math.max(1, Math.ceil(geo.height));
  const n = scene.frames.n;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  let painter: DensePainter;
  let repainted = 0;
  if (!prev || prev.key !== key || prev.img.width !== w || prev.img.height !== h) {
    const img = new ImageData(w, h);
    const px = new Uint32Array(img.data.buffer);
    paintAll(px, w, geo, scene, colors);
    ctx.putImageData(img, 0, 0);
    painter = { key, img, px, scene, markRects: [] };
  } else {
    painter = { ...prev, scene };
    const dirty = cellsToRepaint(prev.scene, scene);
    let lo = Infinity;
    let hi = -1;
    for (const pfn of dirty) {
      if (pfn >= n) continue;
      fillCell(prev.px, w, geo, pfn, cellColor(scene, colors, pfn));
      lo = Math.min(lo, pfn);
      hi = Math.max(hi, pfn);
      repainted++;
    }
    // Old marks go first: restore the clean image under them.
    for (const r of prev.markRects) ctx.putImageData(prev.img, 0, 0, r.x, r.y, r.w, r.h);
    if (repainted > CELL_PUTS) {
      const y0 = cellAt(geo, lo).y;
      const y1 = cellAt(geo, hi).y + geo.cellH;
      ctx.putImageData(prev.img, 0, 0, 0, y0, w, y1 - y0);
    } else {
      for (const pfn of dirty) {
        if (pfn >= n) continue;
        const { x, y } = cellAt(geo, pfn);
        ctx.putImageData(prev.img, 0, 0, x, y, geo.cellW, geo.cellH);
      }
    }
  }
  painter.markRects = drawMarks(ctx, geo, n, marks);
  return painter;
}

/**
 * Every cell, a row of cells at a time: the row's colours are written once into one line of
 * pixels, which is then copied to the cell's other lines (a 1 GiB run is 262,144 cells of 3×3
 * pixels; a fill call or a position object per cell cost more than the pixels). The cells the
 * step flashed or freed are painted over afterwards (cellColor decides their colour).
 */
export function paintAll(
  px: Uint32Array,
  w: number,
  geo: GridGeometry,
  scene: DenseScene,
  colors: DenseColors,
): void {
  const { kind, mapcount, n } = scene.frames;
  const { cols, cellW, cellH, gap } = geo;
  const pitch = cellW + gap;
  const rowH = cellH + gap;
  const line = new Uint32Array(w);
  for (let r = 0, p0 = 0; p0 < n; r++, p0 += cols) {
    line.fill(0);
    const end = Math.min(n, p0 + cols);
    for (let pfn = p0, x = 0; pfn < end; pfn++, x += pitch) {
      const k = kind[pfn]!;
      const color =
        k === FrameKindCode.free
          ? 0
          : k === FrameKindCode.zero
            ? colors.zero
            : k === FrameKindCode.refpage
              ? colors.refpage
              : k === FrameKindCode.shmem
                ? colors.shmem
                : mapcount[pfn]! > 1
                  ? colors.anonShared
                  : colors.anon;
      if (color === 0) continue;
      for (let dx = 0; dx < cellW && x + dx < w; dx++) line[x + dx] = color;
    }
    const y0 = r * rowH;
    for (let dy = 0; dy < cellH && y0 + dy < px.length / w; dy++) px.set(line, (y0 + dy) * w);
  }
  for (const set of [scene.fresh, scene.freed])
    for (const pfn of set) if (pfn < n) fillCell(px, w, geo, pfn, cellColor(scene, colors, pfn));
}

function fillCell(px: Uint32Array, w: number, geo: GridGeometry, pfn: number, color: number) {
  const { x, y } = cellAt(geo, pfn);
  for (let dy = 0; dy < geo.cellH; dy++) {
    const row = (y + dy) * w + x;
    px.fill(color, row, row + geo.cellW);
  }
}

/** Outlines: the selection, the hovered frame, frames whose counts the step changed (dashed). */
function drawMarks(
  ctx: CanvasRenderingContext2D,
  geo: GridGeometry,
  n: number,
  marks: readonly DenseMark[],
): Rect[] {
  const rects: Rect[] = [];
  for (const m of marks) {
    if (m.pfn < 0 || m.pfn >= n) continue;
    const { x, y } = cellAt(geo, m.pfn);
    ctx.save();
    ctx.strokeStyle = m.color;
    ctx.lineWidth = m.width;
    ctx.setLineDash(m.dash ?? []);
    ctx.strokeRect(x - m.width / 2, y - m.width / 2, geo.cellW + m.width, geo.cellH + m.width);
    ctx.restore();
    // What the stroke covered, with a pixel to spare for antialiasing.
    const pad = m.width + 1;
    const rx = Math.max(0, Math.floor(x - pad));
    const ry = Math.max(0, Math.floor(y - pad));
    rects.push({
      x: rx,
      y: ry,
      w: Math.ceil(geo.cellW + 2 * pad),
      h: Math.ceil(geo.cellH + 2 * pad),
    });
  }
  return rects;
}
