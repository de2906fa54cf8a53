/**
 * A run as the store keeps it for time travel (design habit 9: the viewer moves an index over a
 * precomputed timeline; scrubbing never re-runs the whole scenario).
 *
 * Two kinds: a run that kept every state and record (tests, and the synthetic runs of the store's
 * Node tests), and a trace (engine/trace.ts: keyframes plus replay), which is what the app keeps,
 * so that a 10^6-step run fits in a tab. Everything outside this file reads a run through this
 * interface, never through states or records arrays.
 */
import type { EngineState, RepeatIteration, RunOutput, StepResult } from './engine';
import { replayTo, scanTrace, type Trace, type TracePoint } from './engine';

export interface Timeline {
  /** Executed steps so far (the largest cursor). */
  readonly steps: number;
  /** False while the run is still going (the app shows its first steps before it ends). */
  readonly done: boolean;
  /** The state after the last executed step. */
  readonly finalState: EngineState;
  readonly error: RunOutput['error'];
  readonly failures: RunOutput['failures'];
  readonly stats: RunOutput['stats'];
  readonly notes: string[];
  /** True when reading a step costs a replay (a trace), false when everything is kept. */
  readonly replays: boolean;
  /** The state after step k (0: before the first step), 0 ≤ k ≤ steps. */
  stateAt(k: number): EngineState;
  /** The records step k produced: its own, then any `resumed` records of threads it woke. */
  recordsAt(k: number): StepResult[];
  /** The repeats around step k, outermost first (iteration k and count), or undefined outside any. */
  loopsAt(k: number): readonly RepeatIteration[] | undefined;
  /** Calls visit for every step from..to (inclusive) in order, with its records. */
  scan(from: number, to: number, visit: (seq: number, records: StepResult[]) => void): void;
}

const EMPTY: StepResult[] = [];

/** A run that kept every state and record (records in execution order, resumed ones after their waker). */
export function timelineOfRun(run: RunOutput): Timeline {
  const steps =
    run.states.length > 0
      ? run.states.length - 1
      : run.records.reduce((m, r) => (r.resumed ? m : Math.max(m, r.seq)), 0);
  // records of step k: run.records[start[k]] … run.records[start[k+1]-1]
  const start = new Int32Array(steps + 2);
  let k = 0;
  run.records.forEach((r, i) => {
    if (r.resumed) return;
    for (let j = k + 1; j <= r.seq && j <= steps; j++) start[j] = i;
    k = Math.max(k, r.seq);
  });
  for (let j = k + 1; j <= steps + 1; j++) start[j] = run.records.length;
  const recordsAt = (s: number) =>
    s < 1 || s > steps ? EMPTY : run.records.slice(start[s], start[s + 1]);
  return {
    steps,
    done: true,
    finalState: run.finalState,
    error: run.error,
    failures: run.failures,
    stats: run.stats,
    notes: run.notes,
    replays: false,
    stateAt: (s) => (s >= steps ? run.finalState : (run.states[s] ?? run.finalState)),
    recordsAt,
    loopsAt: (s) => run.iterations?.[s],
    scan(from, to, visit) {
      for (let s = Math.max(1, from); s <= Math.min(to, steps); s++) visit(s, recordsAt(s));
    },
  };
}

/** How many replayed positions a trace timeline remembers (stepping back and forth is free). */
const REMEMBERED = 8;

/**
 * A trace (keyframes plus replay). Each seek replays from the nearest keyframe; the last few
 * positions are remembered, so stepping forward one step replays one step, and the state before a
 * step comes with it.
 */
export function timelineOfTrace(trace: Trace): Timeline {
  const recent: TracePoint[] = [];
  const at = (k: number): TracePoint => {
    for (const p of recent) if (p.seq === k) return p;
    // From a remembered position just before (stepping forward), or else from a keyframe.
    const near = recent.find((p) => p.seq < k);
    const p = replayTo(trace, k, near);
    recent.unshift(p);
    if (recent.length > REMEMBERED) recent.pop();
    return p;
  };
  return {
    get steps() {
      return trace.steps;
    },
    get done() {
      return trace.done;
    },
    get finalState() {
      return trace.finalState;
    },
    get error() {
      return trace.error;
    },
    get failures() {
      return trace.failures;
    },
    get stats() {
      return trace.stats;
    },
    get notes() {
      return trace.notes;
    },
    replays: true,
    stateAt(k) {
      if (k >= trace.steps && trace.done) return trace.finalState;
      for (const p of recent) {
        if (p.seq === k) return p.state;
        if (p.seq === k + 1 && p.prev) return p.prev;
      }
      return at(k).state;
    },
    recordsAt: (k) => (k < 1 || k > trace.steps ? EMPTY : at(k).records),
    loopsAt: (k) => (k < 1 || k > trace.steps ? undefined : at(k).loops),
    scan: (from, to, visit) => scanTrace(trace, from, to, visit),
  };
}
