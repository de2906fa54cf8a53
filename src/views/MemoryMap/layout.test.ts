import { describe, expect, it } from 'vitest';
import type { PageAxis } from '../../store/selectors/mapping';
import {
  DETAIL_PX,
  frameX,
  hitTest,
  mapLayout,
  maxZoom,
  pageX,
  pagesDetailed,
  procsAbove,
  visibleFrames,
  visiblePages,
} from './layout';

const PS = 4096;
const axis = (...segs: [number, number][]): PageAxis => {
  let i0 = 0;
  const segments = segs.map(([start, pages]) => {
    const s = { start, end: start + pages * PS, i0 };
    i0 += pages;
    return s;
  });
  return { segments, pages: i0, pageSize: PS };
};

describe('memory map layout', () => {
  it('puts the first half of the processes above the frames and the rest below', () => {
    expect([1, 2, 3, 4].map(procsAbove)).toEqual([1, 1, 2, 2]);
    const l = mapLayout({ width: 1000, axis: axis([0x10000, 2]), frames: 4, procs: 2 });
    expect(l.rows[0]!.above).toBe(true);
    expect(l.rows[1]!.above).toBe(false);
    expect(l.rows[0]!.cellsY + l.pageH).toBeLessThan(l.frameY);
    expect(l.rows[1]!.cellsY).toBeGreaterThan(l.frameY + l.frameH);
    expect(l.height).toBeGreaterThan(l.rows[1]!.cellsY + l.pageH);
  });

  it('a small map uses one cell width for pages and frames, centred', () => {
    const l = mapLayout({ width: 1000, axis: axis([0x10000, 2]), frames: 4, procs: 1 });
    expect(l.pageCell).toBe(l.frameCell);
    const z = { k: 1, x: 0 };
    const mid = l.plotX + l.plotW / 2;
    expect(pageX(l, z, 0) + l.pageCell).toBeCloseTo(mid);
    expect(frameX(l, z, 2)).toBeCloseTo(mid);
  });

  it('a 1 GiB mapping over few frames: each row fills the width, pages drawn as bundles', () => {
    const l = mapLayout({
      width: 1200,
      axis: axis([0x7f0000000000, 262144]),
      frames: 514,
      procs: 1,
    });
    expect(l.pageCell * 262144).toBeCloseTo(l.plotW);
    expect(l.frameCell * 514).toBeCloseTo(l.plotW);
    expect(pagesDetailed(l, { k: 1, x: 0 })).toBe(false);
    // Fully zoomed in, a page is wide enough to draw on its own.
    expect(l.pageCell * maxZoom(l)).toBeGreaterThanOrEqual(DETAIL_PX);
  });

  it('a height to fill stretches the links, not the cells', () => {
    const natural = mapLayout({ width: 1000, axis: axis([0, 4]), frames: 4, procs: 2 });
    const tall = mapLayout({ width: 1000, axis: axis([0, 4]), frames: 4, procs: 2, height: 700 });
    expect(tall.height).toBe(700);
    expect(tall.pageH).toBe(natural.pageH);
    expect(tall.frameY).toBeGreaterThan(natural.frameY);
  });

  it('far-apart segments sit a gap apart; hit testing finds pages, frames and gaps', () => {
    const l = mapLayout({
      width: 1000,
      axis: axis([0x10000, 2], [0x900000, 2]),
      frames: 3,
      procs: 1,
    });
    const z = { k: 1, x: 0 };
    expect(pageX(l, z, 2) - pageX(l, z, 1)).toBeGreaterThan(l.pageCell * 1.5);
    const row = l.rows[0]!;
    const y = row.cellsY + 2;
    expect(hitTest(l, z, pageX(l, z, 3) + 2, y)).toEqual({ kind: 'page', row: 0, i: 3 });
    expect(hitTest(l, z, pageX(l, z, 2) - 5, y)).toBeNull();
    expect(hitTest(l, z, frameX(l, z, 1) + 2, l.frameY + 2)).toEqual({ kind: 'frame', pfn: 1 });
  });

  it('only what is on screen is visited', () => {
    const l = mapLayout({ width: 1200, axis: axis([0, 262144]), frames: 262145, procs: 1 });
    const k = 1000;
    const z = { k, x: -(k - 1) * (l.plotX + l.plotW / 2) };
    const [[a, b]] = visiblePages(l, z) as [[number, number]];
    expect(b - a).toBeLessThan(400);
    expect(a).toBeGreaterThan(100000);
    const [fa, fb] = visibleFrames(l, z);
    expect(fb - fa).toBeLessThan(400);
  });
});
