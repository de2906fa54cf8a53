/**
 * What one paint of the memory map is given (the painter's single argument), and the text helpers
 * every part of the painter uses.
 */
import type { Vma } from '../../store/engine';
import type { MappingModel } from '../../store/selectors/mapping';
import type { Selection } from '../../store/types';
import type { MapLayout, ZoomX } from './layout';
import type { Palette } from './palette';
import type { PreparedChanges } from './scene';

export interface RowLabel {
  name: string;
  /** "not forked yet", "exited": drawn under the name. */
  note: string;
}

export interface DrawInput {
  layout: MapLayout;
  zoom: ZoomX;
  model: MappingModel;
  prep: PreparedChanges;
  /** How far the change of each phase has gone: 0 before the step, 1 after it. */
  progress(phase: number): number;
  /** Whether a phase's changes are marked as this step's (all phases, or the current event's). */
  marked(phase: number): boolean;
  rows: RowLabel[];
  selection: Selection | null;
  hover: Selection | null;
  name(addr: number): string;
  /** A VMA's label, longest form first ("p 4 KiB rw-p anonymous" … "p"). */
  vmaLabels(v: Vma): string[];
  palette: Palette;
}

/** Font helper: `px` at the layout's type scale. */
export const fontOf = (d: DrawInput, px: number, weight = '') =>
  `${weight ? weight + ' ' : ''}${Math.round(px * d.layout.scale)}px ${d.palette.font}`;

/** Text cut with an ellipsis to fit `w` pixels. */
export function fit(ctx: CanvasRenderingContext2D, text: string, w: number): string {
  if (w <= 4) return '';
  if (ctx.measureText(text).width <= w) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(text.slice(0, mid) + '…').width <= w) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : text.slice(0, lo) + '…';
}
