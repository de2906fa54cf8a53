import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../scenario/types';
import { runScenario } from './run';
import { replayTo, scanTrace, startTrace, stepCost, traceScenario } from './trace';
import { PRIV_ANON, RW, doc } from './test-support/runner';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = ['mm', 'uffd', 'mte', 'refpage-mte'].flatMap((dir) =>
  readdirSync(path.join(root, 'corpus', dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join('corpus', dir, f)),
);

/** Every state and every step's records of a trace, by replay, against a run that kept them all. */
function expectSameAsKeptRun(d: ScenarioDocument, keyframeCost: number): void {
  const full = runScenario(d, { keepStates: true });
  const trace = traceScenario(d, { keyframeCost });
  expect(trace.error).toEqual(full.error);
  expect(trace.failures).toEqual(full.failures);
  expect(trace.steps).toBe(full.states.length - 1);
  expect(trace.finalState).toEqual(full.finalState);
  for (let seq = 0; seq <= trace.steps; seq++) {
    const at = replayTo(trace, seq);
    expect(at.state, `state after step ${seq}`).toEqual(full.states[seq]);
    expect(at.prev ?? null).toEqual(seq === 0 ? null : full.states[seq - 1]);
    const own = full.records.filter((r) => (r.resumed ? false : r.seq === seq));
    expect(at.records[0] ?? null, `record of step ${seq}`).toEqual(own[0] ?? null);
  }
  // The records of a step, resumed ones included, are the ones the full run printed between
  // this step's own record and the next one.
  const replayed = [];
  for (let seq = 1; seq <= trace.steps; seq++) replayed.push(...replayTo(trace, seq).records);
  expect(replayed).toEqual(full.records);
  // A scan replays once, in order, and gives the same records (any range of them).
  const scanned: unknown[] = [];
  scanTrace(trace, 1, trace.steps, (_seq, records) => scanned.push(...records));
  expect(scanned).toEqual(full.records);
  const mid = Math.ceil(trace.steps / 2);
  const part: number[] = [];
  scanTrace(trace, mid, trace.steps, (seq) => part.push(seq));
  expect(part).toEqual(Array.from({ length: trace.steps - mid + 1 }, (_, i) => mid + i));
}

describe('trace: keyframes plus replay give back every state and record', () => {
  it.each(corpus)('%s', (file) => {
    // The corpus is version 1 and validated by its own tests (the engine does not import the loader).
    const d = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as ScenarioDocument;
    // A tiny segment: keyframes every few steps, so replays start from many points.
    expectSameAsKeptRun(d, 7);
  });

  it('a repeat inside a repeat, resumed from keyframes inside both', () => {
    expectSameAsKeptRun(
      doc([
        { do: 'mmap', length: '16*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
        {
          do: 'repeat',
          count: 3,
          as: 'i',
          steps: [
            { do: 'store', addr: 'p + i*PAGE', fill: 'aa', length: 'PAGE' },
            {
              do: 'repeat',
              count: 'i + 1',
              as: 'j',
              steps: [{ do: 'load', addr: 'p + (i + j)*PAGE' }],
            },
            { do: 'madvise', addr: 'p', length: '16*PAGE', advice: 'MADV_DONTNEED' },
          ],
        },
      ]),
      3,
    );
  });

  it('a step costlier than a segment keeps its records and is followed by a keyframe', () => {
    const d = doc([
      { do: 'mmap', length: '256*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'store', addr: 'p', fill: '01', length: '256*PAGE' },
      { do: 'load', addr: 'p' },
    ]);
    const trace = traceScenario(d, { keyframeCost: 100 });
    expect(trace.kept.has(2)).toBe(true);
    expect(trace.keyframes.map((k) => k.seq)).toContain(2);
    expectSameAsKeptRun(d, 100);
  });

  it('a run that stops on a scenario error keeps the state after the last step that ran', () => {
    const d = doc([
      { do: 'mmap', length: '4*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      {
        do: 'repeat',
        count: 3,
        as: 'i',
        steps: [{ do: 'store', addr: 'p + i*PAGE', bytes: '01' }],
      },
      { do: 'load', addr: 'q' },
    ]);
    expectSameAsKeptRun(d, 2);
    expect(traceScenario(d).error?.where).toBe('steps[2].addr');
  });

  it('is built a slice at a time, and reports every step to the listener', () => {
    const d = doc([
      { do: 'mmap', length: '64*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      {
        do: 'repeat',
        count: 64,
        as: 'i',
        steps: [{ do: 'store', addr: 'p + i*PAGE', bytes: '01' }],
      },
    ]);
    const b = startTrace(d, { keyframeCost: 10 });
    const seen: number[] = [];
    expect(b.advance(10, (seq) => seen.push(seq))).toBe(false);
    expect(b.trace.steps).toBe(10);
    // what the first slice made is readable before the run ends
    expect(replayTo(b.trace, 10).records[0]?.seq).toBe(10);
    while (!b.advance(7, (seq) => seen.push(seq)));
    expect(seen).toEqual(Array.from({ length: 65 }, (_, i) => i + 1));
    expect(b.trace.done).toBe(true);
    expect(b.trace.finalState).toEqual(runScenario(d).finalState);
  });

  it('takes a keyframe early where the frames the segment allocated are freed again', () => {
    // seed 002's loop, small: each iteration's munmap frees the frames its memset allocated.
    const d = doc([
      {
        do: 'repeat',
        count: 12,
        steps: [
          { do: 'mmap', length: '16*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
          { do: 'store', addr: 'p', fill: 'aa', length: '16*PAGE' },
          { do: 'store', addr: 'p', bytes: '00' },
          { do: 'munmap', addr: 'p', length: '16*PAGE' },
        ],
      },
    ]);
    const limit = 400;
    const trace = traceScenario(d, { keyframeCost: limit });
    const seqs = trace.keyframes.map((k) => k.seq);
    // Every keyframe after an munmap (no frame in use), before the work reached the limit: more
    // keyframes than the limit alone would make.
    let work = 0;
    scanTrace(trace, 1, trace.steps, (_seq, records) => (work += stepCost(records)));
    expect(seqs.length - 1).toBeGreaterThan(Math.ceil(work / limit));
    for (const k of trace.keyframes) expect(k.state.frames.used).toBe(0);
    for (const [i, s] of seqs.entries()) if (i > 0) expect(s % 4).toBe(0);
    expect(trace.kept.size).toBe(0);
    expectSameAsKeptRun(d, limit);
  });

  it('checks expectations, including those a resumed record completes', () => {
    const d = doc([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'load', addr: 'p', expect: { value: 'ff' } },
    ]);
    expect(traceScenario(d).failures).toEqual(runScenario(d).failures);
    expect(traceScenario(d).failures).toHaveLength(1);
  });
});
