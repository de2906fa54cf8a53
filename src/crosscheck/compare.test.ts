import { describe, expect, it } from 'vitest';
import { compareRecords, formatDiffs } from './compare';
import { checkKernelExpectations, stepAt } from './expectations';
import type { KernelRecord } from './kernel-run';
import type { ScenarioDocument } from '../scenario/types';

const rec = (seq: number, extra: Partial<KernelRecord> = {}): KernelRecord => ({
  seq,
  path: `steps/${seq - 1}`,
  do: 'load',
  proc: 'main',
  thread: 'main',
  ...extra,
});

describe('compareRecords', () => {
  it('finds nothing when every compared field agrees, whatever the key order or events', () => {
    const e = [
      {
        ...rec(1, { rss: { anon: 1, file: 0, shmem: 0 } }),
        events: [{ kind: 'note', fn: 'x', text: 'y' }],
      },
    ];
    const k = [rec(1, { rss: { shmem: 0, file: 0, anon: 1 } })];
    expect(compareRecords(e as never, k)).toEqual([]);
  });

  it('reports each differing field with both values', () => {
    const diffs = compareRecords(
      [rec(1, { value: 'aa' }), rec(2, { ret: 0, errno: null })],
      [rec(1, { value: 'ab' }), rec(2, { ret: -1, errno: 'EEXIST' })],
    );
    expect(diffs).toEqual([
      { seq: 1, path: 'steps/0', field: 'value', engine: 'aa', kernel: 'ab' },
      { seq: 2, path: 'steps/1', field: 'ret', engine: 0, kernel: -1 },
      { seq: 2, path: 'steps/1', field: 'errno', engine: null, kernel: 'EEXIST' },
    ]);
    expect(formatDiffs(diffs)[2]).toBe('#2 steps/1 errno: engine null, kernel EEXIST');
  });

  it('matches a resumed record with the resumed record, so one missing record is one difference', () => {
    const kernel = [
      rec(1, { blocked: true }),
      rec(2),
      rec(1, { resumed: true, value: '00' }),
      rec(3),
    ];
    const engine = [rec(1, { blocked: true }), rec(2), rec(3)];
    const diffs = compareRecords(engine, kernel);
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toMatchObject({
      seq: 1,
      field: 'record',
      engine: undefined,
      kernel: 'load on main/main (resumed)',
    });
  });
});

describe('checkKernelExpectations', () => {
  const doc = {
    faultline: 1,
    steps: [
      { do: 'load', addr: 0, expect: { blocked: true, value: '00' } },
      { do: 'repeat', count: 2, steps: [{ do: 'load', addr: 0, expect: { value: '01' } }] },
    ],
  } as unknown as ScenarioDocument;

  it('finds the step of a nested path', () => {
    expect(stepAt(doc, 'steps/1/steps/0')).toMatchObject({ expect: { value: '01' } });
    expect(stepAt(doc, 'steps/7')).toBeUndefined();
  });

  it('merges a step with its resumption and checks every iteration', () => {
    const records = [
      rec(1, { blocked: true }),
      rec(2, { path: 'steps/1/steps/0', value: '01' }),
      rec(1, { resumed: true, value: '00' }),
      rec(3, { path: 'steps/1/steps/0', value: '02' }),
    ];
    expect(checkKernelExpectations(doc, records)).toEqual([
      { seq: 3, path: 'steps/1/steps/0', field: 'value', expected: '01', actual: '02' },
    ]);
  });
});
