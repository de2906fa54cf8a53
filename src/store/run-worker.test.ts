/**
 * The worker's run and the page's copy of it, without a browser: the run service and the client
 * talk through structuredClone (what postMessage does), and the copy must give back every state
 * and record of a run that kept everything.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type EngineState, type ScenarioDocument } from './engine';
import { createRunService } from './run-service';
import { workerRunner, type WorkerLike } from './run-client';
import type { FromWorker, RunLimits, ToWorker } from './run-protocol';
import type { RunUpdate } from './store';
import { applyPatch, encodePatch, SAME } from './transfer';

const RW = 'PROT_READ|PROT_WRITE';
const ANON = 'MAP_PRIVATE|MAP_ANONYMOUS';

/** A worker in this thread: messages are cloned, and slices run when `drain` says so. */
function fakeWorker(): WorkerLike & { drain(max?: number): number } {
  const toPage: ((e: { data: FromWorker }) => void)[] = [];
  const tasks: (() => void)[] = [];
  const service = createRunService({
    post: (msg) => tasks.push(() => toPage.forEach((fn) => fn({ data: structuredClone(msg) }))),
    later: (fn) => tasks.push(fn),
    now: () => performance.now(),
  });
  return {
    postMessage: (msg: ToWorker) => tasks.push(() => service(structuredClone(msg))),
    addEventListener(type: string, fn: (e: { data: FromWorker }) => void) {
      if (type === 'message') toPage.push(fn);
    },
    drain(max = Infinity) {
      let n = 0;
      while (tasks.length && n < max) {
        tasks.shift()!();
        n++;
      }
      return n;
    },
  } as WorkerLike & { drain(max?: number): number };
}

const LIMITS: RunLimits = { maxSteps: 1_000_000, memoryBudget: 1 << 30 };

function runInWorker(doc: ScenarioDocument, limits = LIMITS) {
  const w = fakeWorker();
  const updates: RunUpdate[] = [];
  const handle = workerRunner(w, limits)(doc, (u) => updates.push(u));
  return { w, updates, handle };
}

const forkAndTouch: ScenarioDocument = {
  faultline: 1,
  steps: [
    { do: 'mmap', length: '64*PAGE', prot: RW, flags: ANON, as: 'p' },
    { do: 'store', addr: 'p', fill: '01', length: '64*PAGE' },
    { do: 'fork', as: 'c' },
    {
      do: 'repeat',
      count: 400,
      as: 'i',
      steps: [
        { do: 'store', proc: 'c', addr: 'p + (i - i/64*64)*PAGE', bytes: '02' },
        { do: 'load', addr: 'p + (i - i/64*64)*PAGE' },
      ],
    },
    { do: 'madvise', addr: 'p', length: '64*PAGE', advice: 'MADV_DONTNEED' },
  ],
};

describe('transfer: patches between keyframes', () => {
  it('send only what changed, and the copy shares what the original shares', () => {
    const shared = { slice: [1, 2, 3] };
    const a = { x: shared, y: { n: 1 } };
    const b = { x: shared, y: { n: 2 } };
    const pa = encodePatch(undefined, a);
    const copyA = applyPatch(undefined, pa.patch) as typeof a;
    expect(copyA).toEqual(a);
    const pb = encodePatch(a, b);
    expect(pb.patch).toEqual({ x: SAME, y: { n: 2 } });
    const copyB = applyPatch(copyA, structuredClone(pb.patch)) as typeof b;
    expect(copyB).toEqual(b);
    expect(copyB.x).toBe(copyA.x);
  });
});

describe('a run in a worker, seen from the page', () => {
  it('grows slice by slice and gives back every state and record of the run', () => {
    const { w, updates } = runInWorker(forkAndTouch);
    w.drain();
    const last = updates.at(-1)!;
    expect(last.done).toBe(true);
    const full = runScenario(forkAndTouch);
    const run = last.run!;
    expect(run.steps).toBe(full.states.length - 1);
    expect(run.error).toBeNull();
    expect(run.finalState).toEqual(full.finalState);
    for (const seq of [0, 1, 2, 3, 4, 100, 401, 402, 803, run.steps]) {
      expect(run.stateAt(seq), `state ${seq}`).toEqual(full.states[seq]);
      expect(run.recordsAt(seq)).toEqual(full.records.filter((r) => r.seq === seq));
    }
    // the index came along: one lane per process
    expect(last.index!.lanes.map((l) => l.key)).toEqual(['main/main', 'c/main']);
    expect(last.index!.steps).toBe(run.steps);
  });

  it('keyframes on the page share what they share in the worker', () => {
    const { w, updates } = runInWorker(forkAndTouch);
    w.drain();
    const run = updates.at(-1)!.run!;
    const a = run.stateAt(500) as EngineState;
    const b = run.stateAt(501) as EngineState;
    // the child's process object is untouched by main's load
    expect(a.procs.c).toBeDefined();
    expect(b.procs.c!.mm.vmas).toBe(a.procs.c!.mm.vmas);
  });

  it('can be stopped: what ran stays viewable, and the run says where it stopped', () => {
    const long: ScenarioDocument = {
      faultline: 1,
      steps: [
        { do: 'mmap', length: 'PAGE', prot: RW, flags: ANON, as: 'p' },
        { do: 'repeat', count: 500_000, steps: [{ do: 'load', addr: 'p' }] },
      ],
    };
    const { w, updates, handle } = runInWorker(long);
    w.drain(3); // the start and a couple of slices
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.at(-1)!.done).toBe(false);
    handle.cancel();
    w.drain();
    const last = updates.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.run!.steps).toBeLessThan(500_001);
    expect(last.run!.error).toBeNull();
    expect(last.run && 'stopped' in last ? last.stopped : null).toMatch(/stopped at step [\d,]+/);
    const s = last.run!.steps;
    expect(last.run!.recordsAt(s)[0]?.seq).toBe(s);
  });

  it('stops at the memory budget with a message that says what to do', () => {
    const heavy: ScenarioDocument = {
      faultline: 1,
      steps: [
        { do: 'mmap', length: '256*PAGE', prot: RW, flags: ANON, as: 'p' },
        {
          do: 'repeat',
          count: 100_000,
          steps: [
            { do: 'store', addr: 'p', fill: '01', length: '256*PAGE' },
            { do: 'madvise', addr: 'p', length: '256*PAGE', advice: 'MADV_DONTNEED' },
          ],
        },
      ],
    };
    const { w, updates } = runInWorker(heavy, { maxSteps: 1_000_000, memoryBudget: 1 << 20 });
    w.drain();
    const last = updates.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.run && 'stopped' in last ? last.stopped : null).toMatch(
      /more than 1 MB in this tab.*faultline run/,
    );
    expect(last.run!.steps).toBeLessThan(200_001);
  });

  it('a scenario error comes back as the run error', () => {
    const { w, updates } = runInWorker({ faultline: 1, steps: [{ do: 'load', addr: 'q' }] });
    w.drain();
    expect(updates.at(-1)!.run!.error?.where).toBe('steps[0].addr');
    expect(updates.at(-1)!.run!.steps).toBe(0);
  });
});
