import { describe, expect, it } from 'vitest';
import { fitScale } from './classroom-scale';

describe('fitScale', () => {
  const heightAt = (s: number) => 40 + 300 * s;
  const fitsIn = (h: number) => (s: number) => heightAt(s) <= h;

  it('takes the largest scale that fits', () => {
    const s = fitScale(fitsIn(490));
    expect(heightAt(s)).toBeLessThanOrEqual(490);
    expect(s).toBeGreaterThanOrEqual(1.49);
    expect(s).toBeLessThanOrEqual(1.5);
  });

  it('stops at the bounds', () => {
    expect(fitScale(fitsIn(10_000))).toBe(2);
    expect(fitScale(fitsIn(100))).toBe(1);
    expect(fitScale(fitsIn(10_000), 1, 1.4)).toBe(1.4);
  });

  it('honours every condition at once (height and cell width)', () => {
    const cellAt = (s: number) => 700 / 5 - 10 * s;
    const s = fitScale((k) => heightAt(k) <= 10_000 && cellAt(k) >= 84 * k);
    expect(cellAt(s)).toBeGreaterThanOrEqual(84 * s);
    expect(s).toBeGreaterThan(1.4);
  });
});
