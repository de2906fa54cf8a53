import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine';
import type { ScenarioDocument } from '../../scenario/types';
import { buildRunIndex } from '../../store/run-index';
import { FrameKindCode, mappingOf } from '../../store/selectors/mapping';
import { timelineOfRun } from '../../store/timeline';
import { cellColor, cellsToRepaint, paintAll, type DenseColors, type DenseScene } from './dense';
import { cellAt, gridGeometry } from './grid';

/** 64 MiB written, forked, then a copy-on-write write by the child and one by the parent. */
const doc: ScenarioDocument = {
  faultline: 1,
  title: 'dense grid',
  machine: { arch: 'x86_64', pageSize: 4096, mte: false, frames: 40000 },
  steps: [
    {
      do: 'mmap',
      length: '64M',
      prot: 'PROT_READ|PROT_WRITE',
      flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
      as: 'p',
    },
    { do: 'madvise', addr: 'p', length: '64M', advice: 'MADV_POPULATE_WRITE' },
    { do: 'fork', as: 'child' },
    { do: 'store', addr: 'p + 40M', bytes: '01', proc: 'child' },
    { do: 'store', addr: 'p + 10M', bytes: '02' },
    { do: 'munmap', addr: 'p + 40M', length: '2*PAGE', proc: 'child' },
  ],
};
const out = runScenario(doc);
const run = timelineOfRun(out);
const idx = buildRunIndex(run);
const NONE = new Set<number>();
const scene = (k: number, fresh = NONE, freed = NONE): DenseScene => {
  const s = run.stateAt(k);
  return { frames: mappingOf(run, idx, s).frames, table: s.frames, fresh, freed };
};
const COLORS: DenseColors = {
  zero: 1,
  refpage: 2,
  anon: 3,
  anonShared: 4,
  shmem: 5,
  fresh: 6,
  freed: 7,
};

describe('the dense frame grid', () => {
  it('a copy-on-write step repaints the copy and the frame it was copied from, not 16,384 cells', () => {
    const copy = out.records.find((r) => r.seq === 4)!.events.find((e) => e.kind === 'cow_copied');
    expect(copy).toBeDefined();
    const { from, to } = copy as { from: number; to: number };
    const before = scene(3, new Set([99]));
    const after = scene(4, new Set([to]));
    // The copy (allocated), its source (mapcount 2 → 1), and the old step's flashed cell.
    expect([...cellsToRepaint(before, after)].sort((a, b) => a - b)).toEqual(
      [from, to, 99].sort((a, b) => a - b),
    );
    expect(cellColor(after, COLORS, to)).toBe(COLORS.fresh);
    expect(cellColor(after, COLORS, from)).toBe(COLORS.anon);
    expect(cellColor(before, COLORS, from)).toBe(COLORS.anonShared);
    expect(cellColor(after, COLORS, 0)).toBe(COLORS.zero);
  });

  it('only the hover or the selection moved: nothing to repaint', () => {
    const a = scene(5);
    expect(cellsToRepaint(a, { ...a }).size).toBe(0);
  });

  it('munmap: a freed frame are grey at that step and blank (a free slot) after it', () => {
    const freed = new Set<number>();
    for (const r of out.records.filter((x) => x.seq === 6))
      for (const e of r.events) if (e.kind === 'frame_freed') freed.add(e.pfn);
    // The child's copy of p+40M is freed; p+40M+4K was shared with the parent: a mapcount drops.
    expect(freed.size).toBe(1);
    const at6 = scene(6, NONE, freed);
    expect(cellsToRepaint(scene(5), at6).size).toBe(2);
    for (const pfn of freed) expect(cellColor(at6, COLORS, pfn)).toBe(COLORS.freed);
    const later = { ...at6, freed: NONE };
    for (const pfn of freed) {
      expect(at6.frames.kind[pfn]).toBe(FrameKindCode.free);
      expect(cellColor(later, COLORS, pfn)).toBe(0);
    }
  });

  it('a whole paint gives every cell, and only the cells, the colour cellColor says', () => {
    const fresh = new Set<number>([5, 17]);
    const freed = new Set<number>([40]);
    const sc = { ...scene(4), fresh, freed };
    const n = sc.frames.n;
    for (const width of [600, 601]) {
      const geo = gridGeometry(n, width);
      const w = Math.floor(width);
      const h = Math.ceil(geo.height);
      const px = new Uint32Array(w * h);
      paintAll(px, w, geo, sc, COLORS);
      const expected = new Uint32Array(w * h);
      for (let pfn = 0; pfn < n; pfn++) {
        const { x, y } = cellAt(geo, pfn);
        for (let dy = 0; dy < geo.cellH; dy++)
          for (let dx = 0; dx < geo.cellW; dx++)
            expected[(y + dy) * w + x + dx] = cellColor(sc, COLORS, pfn);
      }
      expect(px).toEqual(expected);
      // Private, shared and the step's marks are all there to be told apart.
      expect(new Set(px)).toEqual(
        new Set([0, COLORS.anon, COLORS.anonShared, COLORS.fresh, COLORS.freed, COLORS.zero]),
      );
    }
  });
});
