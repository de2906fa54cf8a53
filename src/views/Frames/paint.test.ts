/** The detailed frame grid's mark for a frame the step made, read from a recording canvas. */
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../store/engine';
import { gridGeometry } from './grid';
import { NEW_CORNER, paintFrames, type FrameCell } from './paint';

interface Op {
  op: string;
  args: number[];
  fill: string;
  stroke: string;
}

/** A 2D context that records each drawing call with the colours it was made in. */
function recordingContext(): { ctx: CanvasRenderingContext2D; ops: Op[] } {
  const ops: Op[] = [];
  const state: Record<string | symbol, unknown> = { fillStyle: '', strokeStyle: '' };
  const ctx = new Proxy(state, {
    get(target, key) {
      if (key in target) return target[key];
      return (...args: number[]) => {
        ops.push({
          op: String(key),
          args,
          fill: String(target.fillStyle),
          stroke: String(target.strokeStyle),
        });
        return key === 'measureText' ? { width: 6 } : undefined;
      };
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, ops };
}

const anon = (mapcount: number): Frame => ({
  kind: 'anon',
  refcount: mapcount,
  mapcount,
  data: { fill: '00', patch: null },
  tags: null,
  inode: null,
  index: null,
});

describe('the detailed frame grid', () => {
  it('marks a frame the step allocated apart from the anonymous fill, by colour and by shape', () => {
    const frames: FrameCell[] = [
      { pfn: 1, frame: anon(1) },
      { pfn: 2, frame: anon(1) },
    ];
    const geo = gridGeometry(frames.length, 400);
    const colors = { anon: '#009e73', anonShared: '#cc79a7', zero: '#ddd' };
    const { ctx, ops } = recordingContext();
    paintFrames(ctx, 1, {
      frames,
      geo,
      width: 400,
      colors,
      t: 1,
      animate: false,
      allocated: new Set([2]),
      copiedTo: new Set(),
      marks: [],
      accent: '#0b5fff',
    });
    const x2 = geo.cellW + geo.gap;
    // Both cells are filled in the anonymous colour.
    const fills = ops.filter((o) => o.op === 'fillRect').map((o) => [o.args[0], o.fill]);
    expect(fills).toEqual([
      [0, colors.anon],
      [x2, colors.anon],
    ]);
    // Only the new one is outlined, in the step's colour, not the fill's.
    const outlines = ops.filter((o) => o.op === 'strokeRect');
    expect(outlines.map((o) => [o.args[0], o.stroke])).toEqual([[x2 + 1, '#0b5fff']]);
    // And its corner is folded over: a triangle in the top right corner of its cell.
    const path = ops.filter((o) => ['moveTo', 'lineTo'].includes(o.op)).map((o) => o.args);
    expect(path).toEqual([
      [x2 + geo.cellW - NEW_CORNER, 0],
      [x2 + geo.cellW, 0],
      [x2 + geo.cellW, NEW_CORNER],
    ]);
    expect(ops.find((o) => o.op === 'fill')?.fill).toBe('#0b5fff');
  });
});
