import { describe, expect, it } from 'vitest';
import { buildRunIndex } from '../../store/run-index';
import { makeTimeline, runOfRecords } from '../../store/test-support/synthetic';
import type { StepResult } from '../../store/engine';
import { markKind, seqAt, seqTicks, timelineLayout } from './layout';

describe('timelineLayout', () => {
  it('places one marker per step on its thread lane', () => {
    const idx = buildRunIndex(makeTimeline());
    const l = timelineLayout(idx, 500);
    expect(l.rows).toHaveLength(1);
    expect(l.markers.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(l.markers.map((m) => m.kind)).toEqual(['call', 'call', 'fault', 'fault']);
    expect(seqAt(l, l.x(3), idx.steps)).toBe(3);
    expect(seqAt(l, -100, idx.steps)).toBe(0);
  });

  it('buckets a long run into pixel columns, keeping the most important step', () => {
    const records: StepResult[] = [];
    for (let i = 1; i <= 100000; i++) {
      records.push({
        seq: i,
        path: 'steps/0/steps/0',
        do: 'store',
        proc: 'main',
        thread: i % 2 ? 'main' : 'T1',
        events:
          i === 5000
            ? [
                {
                  kind: 'signal',
                  fn: 'force_sig_fault',
                  signal: 'SIGSEGV',
                  si_code: 'SEGV_MAPERR',
                  addr: 0,
                },
              ]
            : [],
      });
    }
    const idx = buildRunIndex(runOfRecords(records));
    const l = timelineLayout(idx, 1000);
    expect(l.bucketed).toBe(true);
    expect(l.markers.length).toBeLessThan(1000);
    expect(l.markers.some((m) => m.seq === 5000 && m.kind === 'signal')).toBe(true);
    expect(l.rows.map((r) => r.thread)).toEqual(['main', 'T1']);
  });

  it('ranks a step by its most important event', () => {
    expect(
      markKind([
        { seq: 1, path: '', do: 'load', proc: 'm', thread: 'm', events: [], blocked: true },
      ]),
    ).toBe('blocked');
  });
});

describe('seqTicks', () => {
  it('labels every step when there is room and round multiples otherwise', () => {
    const idx = buildRunIndex(makeTimeline());
    const l = timelineLayout(idx, 600);
    expect(seqTicks(l.x, 4)).toEqual([1, 2, 3, 4]);
    const many = timelineLayout(
      {
        ...idx,
        steps: 1000,
        laneOf: new Uint16Array(1001),
        marks: new Uint8Array(1001).fill(6),
        events: new Uint32Array(1001),
        breaks: new Uint8Array(1001),
      },
      600,
    );
    const t = seqTicks(many.x, 1000);
    expect(t[0]).toBe(100);
    expect(t.every((k) => k % 100 === 0)).toBe(true);
  });
});
