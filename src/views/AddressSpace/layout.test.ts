import { rescaleX } from '../common/linear-scale';
import { describe, expect, it } from 'vitest';
import {
  addrToUnit,
  baseScale,
  buildAxis,
  formatSize,
  maxZoom,
  ticks,
  transformToPage,
  unitToPage,
} from './layout';

const PS = 4096;
const P = 0x7f0000000000;

describe('address-space axis', () => {
  const axis = buildAxis(
    [
      { start: P, end: P + 32 * PS },
      { start: P + 16 * PS, end: P + 40 * PS }, // overlaps: merged
      { start: 0x10000, end: 0x10000 + 4 * PS },
    ],
    PS,
  );
  it('merges overlapping ranges and collapses gaps', () => {
    expect(axis.segments.map((s) => [s.start, s.end])).toEqual([
      [0x10000, 0x10000 + 4 * PS],
      [P, P + 40 * PS],
    ]);
    expect(axis.units).toBeCloseTo(44 + axis.gapUnits);
  });
  it('maps addresses to units and back', () => {
    expect(addrToUnit(axis, 0x10000)).toBe(0);
    expect(addrToUnit(axis, P + 2 * PS)).toBeCloseTo(4 + axis.gapUnits + 2);
    expect(addrToUnit(axis, 0x5000000)).toBeNull();
    expect(unitToPage(axis, 4 + axis.gapUnits + 2.7)).toBe(P + 2 * PS);
    expect(unitToPage(axis, 4.1)).toBeNull();
  });
  it('zooms to a page and ticks at round offsets', () => {
    const width = 800;
    const k = maxZoom(axis, width, 40);
    const t = transformToPage(axis, width, P + 10 * PS, k);
    const scale = rescaleX(t, baseScale(axis, width));
    const x = scale(addrToUnit(axis, P + 10 * PS)! + 0.5);
    expect(x).toBeCloseTo(400, 0);
    expect(scale(1) - scale(0)).toBeCloseTo(40);
    const tk = ticks(axis, scale, width);
    expect(tk.length).toBeGreaterThan(0);
    expect(tk.length).toBeLessThanOrEqual(20);
    for (const tt of tk) expect((tt.addr - P) % PS).toBe(0);
  });
  it('handles a 1 GiB mapping', () => {
    const big = buildAxis([{ start: P, end: P + (1 << 30) }], PS);
    expect(big.units).toBe(262144);
    expect(formatSize(1 << 30)).toBe('1 GiB');
    expect(formatSize(128 * 1024)).toBe('128 KiB');
    expect(formatSize(1536)).toBe('1.5 KiB');
  });
});
