import { describe, expect, it } from 'vitest';
import { runScenario } from './run';
import { PRIV_ANON, RW, doc } from './test-support/runner';

describe('runScenario', () => {
  it('refuses a repeat of 10^9 before running it, naming where', () => {
    const out = runScenario(
      doc([
        { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
        { do: 'repeat', count: 1e9, steps: [{ do: 'load', addr: 'p' }] },
      ]),
    );
    expect(out.error).toEqual({
      where: 'steps[1].count',
      message:
        'steps[1].count: 1000000000 iterations of 1 step would exceed the budget of 1,000,000 executed steps',
    });
    expect(out.records).toHaveLength(1);
  });

  it('stops at the step budget with a clear message when counts are not known in advance', () => {
    const out = runScenario(
      doc([
        { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'n' },
        { do: 'repeat', count: 'n / PAGE / 1000', steps: [{ do: 'rss' }] },
      ]),
      { maxSteps: 100 },
    );
    expect(out.error?.message).toMatch(/budget of 100 executed steps/);
  });

  it('numbers repeat iterations in seq and binds the index', () => {
    const out = runScenario(
      doc([
        { do: 'mmap', length: '4*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
        {
          do: 'repeat',
          count: 3,
          as: 'i',
          steps: [{ do: 'store', addr: 'p + i*PAGE', bytes: '01' }],
        },
        { do: 'pagemap', addr: 'p', length: '4*PAGE', expect: { pages: 'xxx.' } },
      ]),
    );
    expect(out.records.map((r) => [r.seq, r.path])).toEqual([
      [1, 'steps/0'],
      [2, 'steps/1/steps/0'],
      [3, 'steps/1/steps/0'],
      [4, 'steps/1/steps/0'],
      [5, 'steps/2'],
    ]);
    expect(out.failures).toEqual([]);
  });

  it('reports each expectation that does not hold, with its step', () => {
    const out = runScenario(
      doc([
        { do: 'mmap', length: 0, prot: RW, flags: PRIV_ANON, expect: { ret: 0, errno: 'EINVAL' } },
      ]),
    );
    expect(out.failures).toEqual([
      { seq: 1, path: 'steps/0', field: 'ret', expected: 0, actual: -1 },
    ]);
  });

  it('a bad expression or an unbound name is one clear scenario error', () => {
    expect(runScenario(doc([{ do: 'load', addr: 'q + 1' }])).error?.message).toMatch(
      /^steps\[0\]\.addr: .*q/,
    );
    expect(runScenario(doc([{ do: 'munmap', addr: 'abc(', length: 1 }])).error?.where).toBe(
      'steps[0].addr',
    );
    expect(runScenario(doc([{ do: 'load', proc: 'ghost', addr: 0 }])).error?.message).toMatch(
      /no process named "ghost"/,
    );
  });

  it('is deterministic: the same document gives byte-identical records and events', () => {
    const d = doc([
      { do: 'mmap', length: '8*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      {
        do: 'repeat',
        count: 8,
        as: 'i',
        steps: [{ do: 'store', addr: 'p + i*PAGE', bytes: 'aa' }],
      },
      { do: 'fork', as: 'c' },
      { do: 'store', proc: 'c', addr: 'p', bytes: 'bb' },
      { do: 'munmap', addr: 'p', length: '4*PAGE' },
    ]);
    expect(JSON.stringify(runScenario(d).records)).toBe(JSON.stringify(runScenario(d).records));
  });

  it('keeps earlier states intact (structural sharing never mutates the past)', () => {
    const d = doc([
      { do: 'mmap', length: '2*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'store', addr: 'p', bytes: '01' },
      { do: 'store', addr: 'p + PAGE', bytes: '02' },
      { do: 'munmap', addr: 'p', length: '2*PAGE' },
    ]);
    const out = runScenario(d);
    const snapshots = out.states.map((s) => JSON.stringify(s));
    const again = runScenario(d);
    expect(again.states.map((s) => JSON.stringify(s))).toEqual(snapshots);
    expect(out.states[2]!.frames.used).toBe(1);
    expect(out.states[4]!.frames.used).toBe(0);
  });

  it('folds the events of a huge step into summaries past 1,000', () => {
    const out = runScenario(
      doc([
        { do: 'mmap', length: '2048*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
        { do: 'madvise', addr: 'p', length: '2048*PAGE', advice: 'MADV_POPULATE_WRITE' },
      ]),
    );
    const events = out.records[1]!.events;
    const summaries = events.filter((e) => e.kind === 'summary');
    expect(events.length).toBeLessThan(1100);
    // 2048 faults, each with a fault, a frame allocation and a PTE: 6144 events in all.
    const total =
      events.length -
      summaries.length +
      summaries.reduce((n, e) => n + (e.kind === 'summary' ? e.count : 0), 0);
    expect(total).toBe(3 * 2048);
    expect(summaries).toContainEqual(
      expect.objectContaining({ of: 'pte_mapped', fn: 'do_anonymous_page' }),
    );
  });
});
