import { describe, expect, it } from 'vitest';
import { markedBy, MAX_MS, motionBetween, movingPhases, progressAt } from './motion';

const v = (cursor: number, eventIndex: number | null = null, runId = 1) => ({
  cursor,
  eventIndex,
  runId,
});

describe('memory map motion', () => {
  it('a step forward plays the step’s phases in order, within MAX_MS', () => {
    const m = motionBetween(v(7), v(8))!;
    expect(m.scene).toBe(8);
    const order = movingPhases(m, [2, 0, 1, 2]);
    expect(order).toEqual([0, 1, 2]);
    const at = (ms: number) => [0, 1, 2].map(progressAt(m, order, ms));
    expect(at(0)).toEqual([0, 0, 0]);
    expect(at(MAX_MS / 3)).toEqual([1, 0, 0]);
    expect(at(MAX_MS / 2)[1]).toBeCloseTo(0.5);
    expect(at(MAX_MS)).toEqual([1, 1, 1]);
    expect(markedBy(m.to)(1)).toBe(true);
  });

  it('a step back plays the same phases in reverse and settles on the earlier step', () => {
    const m = motionBetween(v(8), v(7))!;
    expect(m.scene).toBe(8);
    expect(m.settle.cursor).toBe(7);
    const order = movingPhases(m, [0, 1, 2]);
    expect(order).toEqual([2, 1, 0]);
    const p = progressAt(m, order, 0);
    expect([0, 1, 2].map(p)).toEqual([1, 1, 1]);
    const q = progressAt(m, order, MAX_MS / 3);
    expect([0, 1, 2].map(q)).toEqual([1, 1, 0]);
  });

  it('stepping by event moves one event’s part and marks only it', () => {
    const m = motionBetween(v(8, 0), v(8, 1))!;
    const order = movingPhases(m, [0, 1, 2]);
    expect(order).toEqual([1]);
    const p = progressAt(m, order, MAX_MS);
    expect([0, 1, 2].map(p)).toEqual([1, 1, 0]);
    expect([0, 1, 2].map(markedBy(m.to))).toEqual([false, true, false]);
    // Into a step by its first event, from the step before.
    const n = motionBetween(v(7), v(8, 0))!;
    expect(movingPhases(n, [0, 1, 2])).toEqual([0]);
  });

  it('jumps and new runs are drawn still', () => {
    expect(motionBetween(v(2), v(9))).toBeNull();
    expect(motionBetween(v(2, null, 1), v(3, null, 2))).toBeNull();
    expect(motionBetween(null, v(3))).toBeNull();
    expect(motionBetween(v(3), v(3))).toBeNull();
  });
});
