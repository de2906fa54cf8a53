import { describe, expect, it } from 'vitest';
import { cellAt, gridGeometry, indexAt } from './grid';

describe('frame grid', () => {
  it('wraps cells to the width and finds the cell under a point', () => {
    const g = gridGeometry(10, 150);
    expect(g.detailed).toBe(true);
    expect(g.cols).toBe(4);
    const c = cellAt(g, 5);
    expect(indexAt(g, c.x + 2, c.y + 2, 10)).toBe(5);
    expect(indexAt(g, 2, 1000, 10)).toBe(-1);
  });
  it('shrinks cells for a large run', () => {
    const g = gridGeometry(262144, 800);
    expect(g.detailed).toBe(false);
    expect(g.cellW).toBe(3);
    expect(g.height).toBe(Math.ceil(262144 / g.cols) * 3);
  });
});
