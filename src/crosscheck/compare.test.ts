import { describe, expect, it } from 'vitest';
import type { RunOutput } from '../engine/api';
import { compareRecords, compareRuns, formatDiffs } from './compare';
import { checkKernelExpectations, stepAt } from './expectations';
import type { KernelRecord, KernelRun } from './kernel-run';
import type { ScenarioDocument } from '../scenario/types';

const rec = (seq: number, extra: Partial<KernelRecord> = {}): KernelRecord => ({
  seq,
  path: `steps/${seq - 1}`,
  do: 'load',
  proc: 'main',
  thread: 'main',
  ...extra,
});

const kernelRun = (records: KernelRecord[], extra: Partial<KernelRun> = {}): KernelRun => ({
  records,
  error: null,
  exitCode: 0,
  ended: 'exit=0',
  timedOut: false,
  stderr: '',
  ...extra,
});
const engineRun = (records: unknown[], error: RunOutput['error'] = null): RunOutput =>
  ({ records, error, failures: [] }) as unknown as RunOutput;

describe('compareRuns (both targets)', () => {
  it('matches equal runs that ended normally', () => {
    expect(compareRuns(engineRun([{ ...rec(1), events: [] }]), kernelRun([rec(1)]))).toEqual([]);
  });

  it('says when the program did not end as it should, or timed out', () => {
    const crashed = kernelRun([rec(1)], { exitCode: null, ended: 'signal=SIGSEGV' });
    expect(compareRuns(engineRun([{ ...rec(1), events: [] }]), crashed)).toEqual([
      { seq: 0, path: '', field: 'ended', engine: 'exit=0', kernel: 'signal=SIGSEGV' },
    ]);
    const hung = kernelRun([], { timedOut: true, ended: 'timed out after 300 ms', exitCode: null });
    expect(formatDiffs(compareRuns(engineRun([]), hung))).toEqual([
      '#0  error: engine null, kernel timed out after 300 ms',
    ]);
  });

  it('pairs scenario errors by presence, the kernel exiting 3 after its error line', () => {
    const error = { seq: 2, path: 'steps/1', message: 'thread T of main is blocked' };
    const k = kernelRun([rec(1)], { error, exitCode: 3, ended: 'exit=3' });
    const both = engineRun([{ ...rec(1), events: [] }], { where: 'steps[1]', message: 'blocked' });
    expect(compareRuns(both, k)).toEqual([]);
    expect(compareRuns(engineRun([{ ...rec(1), events: [] }]), k)).toEqual([
      {
        seq: 2,
        path: 'steps/1',
        field: 'error',
        engine: null,
        kernel: 'steps/1: thread T of main is blocked',
      },
    ]);
  });

  it("takes IRG's hardware-random tag when the engine could have drawn it (arm64)", () => {
    const irg = (value: string, candidates: number) => ({
      ...rec(1, { do: 'irg', value }),
      events: [{ kind: 'tag_generated', fn: 'irg', addr: 0, tag: 3, candidates }],
    });
    const k = kernelRun([rec(1, { do: 'irg', value: 'a' })]);
    expect(compareRuns(engineRun([irg('3', 0b0000_0100_0000_1000)]), k)).toEqual([]);
    expect(compareRuns(engineRun([irg('3', 0b1000)]), k)).toEqual([
      { seq: 1, path: 'steps/0', field: 'value', engine: '3', kernel: 'a' },
    ]);
    const load = kernelRun([rec(1, { value: 'a' })]);
    expect(compareRuns(engineRun([{ ...rec(1, { value: '3' }), events: [] }]), load)).toHaveLength(
      1,
    );
  });
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
