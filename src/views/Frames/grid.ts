/**
 * The frame grid's geometry, pure (design habit 13): cells in pfn order, wrapping to the width,
 * smaller when there are many frames so that a 262,144-frame run still fits a few screens.
 */
export interface GridGeometry {
  cols: number;
  cellW: number;
  cellH: number;
  gap: number;
  height: number;
  /** Cells big enough for letters and counts. */
  detailed: boolean;
}

export function gridGeometry(count: number, width: number): GridGeometry {
  const detailed = count <= 1024;
  const cellW = detailed ? 34 : count <= 16384 ? 8 : 3;
  const cellH = detailed ? 30 : cellW;
  const gap = detailed ? 3 : count <= 16384 ? 1 : 0;
  const cols = Math.max(1, Math.floor((width + gap) / (cellW + gap)));
  const rows = Math.ceil(count / cols);
  return { cols, cellW, cellH, gap, height: Math.max(cellH, rows * (cellH + gap)), detailed };
}

export function cellAt(g: GridGeometry, i: number): { x: number; y: number } {
  return { x: (i % g.cols) * (g.cellW + g.gap), y: Math.floor(i / g.cols) * (g.cellH + g.gap) };
}

/** The cell index under a point, or -1. */
export function indexAt(g: GridGeometry, x: number, y: number, count: number): number {
  const c = Math.floor(x / (g.cellW + g.gap));
  const r = Math.floor(y / (g.cellH + g.gap));
  if (c < 0 || c >= g.cols || r < 0) return -1;
  const i = r * g.cols + c;
  return i < count ? i : -1;
}
