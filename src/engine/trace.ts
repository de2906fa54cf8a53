/**
 * A run kept for time travel as keyframes plus replay (design habit 9 and "Speed is designed in").
 *
 * Keeping the state after every step costs a few kilobytes a step even with structural sharing
 * (each step copies the path of page-table and frame-table nodes it changes), and a record with
 * its events as much again; a 10^6-step run would not fit in a tab. A trace instead keeps:
 * - a keyframe (the state, and where the walk stood) whenever the replay work since the last one
 *   reaches `keyframeCost`, or sooner, past a quarter of that, at a step that leaves no more
 *   frames in use than the last keyframe had; between keyframes the run updates its state in
 *   place, so a keyframe costs only what its segment changed and still holds (the next segment
 *   copies an object before writing it). What a keyframe holds is mostly the frames its segment
 *   allocated and has not freed (a frame, its contents and the table paths to it): taken just
 *   after a 1 MiB memset, a seed-002 keyframe holds 256 new frames (~32 KB), taken just after the
 *   munmap that frees them, ~11 KB. Waiting for such a point costs no memory and shortens the
 *   replays (seed 002: a keyframe every 67 steps instead of every ~217);
 * - the records of a step whose own replay costs more than that (a 1 GiB populate), so that no
 *   seek has to redo it;
 * and rebuilds any other state or record by replaying the steps after the nearest keyframe: the
 * engine is deterministic (habit 7), so the replay gives the same state and records, which the
 * trace's tests check against a run that kept everything.
 *
 * A trace is built a slice at a time (`advance`), so that a Web Worker can post progress and the
 * first steps can be looked at before the run ends.
 */
import type { ScenarioDocument } from '../scenario/types';
import type { ExpectationFailure, RunOutput } from './api';
import type { StepResult } from './result';
import type { EngineState, Stats } from './state';
import { initialState } from './init';
import { step } from './step';
import { walk, type NextStep, type WalkOptions, type WalkPoint } from './walk';
import { checkExpectations, runError, runNotes, type Expect } from './run';

/**
 * Replay work between keyframes, in steps plus the events they record (a summary event counts as
 * the events it stands for). About a millisecond of replay at a few million events a second.
 */
export const KEYFRAME_COST = 4096;
/** A keyframe may be taken early, past this share of keyframeCost (see above). */
const EARLY = 4;

export interface TraceOptions extends WalkOptions {
  keyframeCost?: number;
}

export interface Keyframe {
  seq: number;
  state: EngineState;
  point: WalkPoint;
}

export interface Trace {
  readonly doc: ScenarioDocument;
  readonly opts: TraceOptions;
  /** keyframes[0] is the initial state (seq 0); seqs ascend. */
  readonly keyframes: Keyframe[];
  /** Records of steps whose replay alone costs more than a segment, by seq. */
  readonly kept: Map<number, StepResult[]>;
  /** Executed steps so far (the largest seq). */
  steps: number;
  /** The state after the last executed step. */
  finalState: EngineState;
  done: boolean;
  error: RunOutput['error'];
  failures: ExpectationFailure[];
  notes: string[];
  stats: Stats;
}

/** One step as the trace executes it: its records and the state after it. */
export type StepListener = (seq: number, records: StepResult[], state: EngineState) => void;

export interface TraceBuilder {
  trace: Trace;
  /**
   * Runs up to `maxSteps` more steps; true when the run has ended (finished or stopped by an
   * error). `onStep` sees every step's records and the state after it; that state is updated in
   * place by the next steps, so keep what it needs, not the state.
   */
  advance(maxSteps: number, onStep?: StepListener): boolean;
}

/** The replay work of a step: one, plus its events (a summary counts as the events it folds). */
export function stepCost(records: readonly StepResult[]): number {
  let c = 1;
  for (const r of records) for (const e of r.events) c += e.kind === 'summary' ? e.count : 1;
  return c;
}

export function startTrace(doc: ScenarioDocument, opts: TraceOptions = {}): TraceBuilder {
  const limit = opts.keyframeCost ?? KEYFRAME_COST;
  const early = limit / EARLY;
  const first = initialState(doc);
  const w = walk(doc, opts);
  const trace: Trace = {
    doc,
    opts,
    keyframes: [{ seq: 0, state: first, point: w.point() }],
    kept: new Map(),
    steps: 0,
    finalState: first,
    done: false,
    error: null,
    failures: [],
    notes: runNotes(doc),
    stats: first.stats,
  };
  let state = first;
  let owned = new WeakSet<object>();
  let cost = 0;
  /** Frames in use at the last keyframe. */
  let usedAtKeyframe = first.frames.used;
  const expects: Expect[] = [];
  const wanted = new Set<number>();
  /** The records an expectation is checked against: the expected step's own, and its resumption. */
  const expected: StepResult[] = [];

  const finish = () => {
    trace.done = true;
    trace.finalState = state;
    trace.stats = state.stats;
    trace.failures = checkExpectations(expected, expects);
  };

  return {
    trace,
    advance(maxSteps, onStep) {
      if (trace.done) return true;
      try {
        for (let n = 0; n < maxSteps; n++) {
          const next = w.next(state);
          if (!next) {
            finish();
            return true;
          }
          const out = step(state, next, next.scope, owned);
          state = out.state;
          trace.steps = next.seq;
          const c = stepCost(out.results);
          if (c > limit) trace.kept.set(next.seq, out.results);
          if (next.step.expect) {
            expects.push({ seq: next.seq, path: next.path, expect: next.step.expect });
            wanted.add(next.seq);
          }
          if (wanted.size) for (const r of out.results) if (wanted.has(r.seq)) expected.push(r);
          onStep?.(next.seq, out.results, state);
          cost += c;
          if (cost >= limit || (cost >= early && state.frames.used <= usedAtKeyframe)) {
            trace.keyframes.push({ seq: next.seq, state, point: w.point() });
            usedAtKeyframe = state.frames.used;
            // The keyframe's objects are never written again: the next step copies before writing.
            owned = new WeakSet<object>();
            cost = 0;
          }
        }
      } catch (e) {
        trace.error = runError(e);
        // The failed step may have written part of the state in place before it threw: the state
        // after the last step that ran is rebuilt from its keyframe.
        state = replayTo(trace, trace.steps).state;
        finish();
        return true;
      }
      trace.finalState = state;
      trace.stats = state.stats;
      // Whoever looks at finalState between slices sees it as it is now.
      owned = new WeakSet<object>();
      return false;
    },
  };
}

/** Runs a whole scenario into a trace. */
export function traceScenario(doc: ScenarioDocument, opts: TraceOptions = {}): Trace {
  const b = startTrace(doc, opts);
  while (!b.advance(1 << 16));
  return b.trace;
}

/** What a seek returns: the state after step `seq`, the state before it, and its records. */
export interface TracePoint {
  seq: number;
  state: EngineState;
  /** The state before the step (null at seq 0). */
  prev: EngineState | null;
  records: StepResult[];
  /** Where the walk stands after the step (a replay may go on from here). */
  point: WalkPoint;
  /** The repeats around the step, outermost first (walk.ts NextStep.loops). */
  loops: NextStep['loops'];
}

/** The last keyframe at or before seq. */
function keyframeBefore(trace: Trace, seq: number): Keyframe {
  const ks = trace.keyframes;
  let lo = 0;
  let hi = ks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ks[mid]!.seq <= seq) lo = mid;
    else hi = mid - 1;
  }
  return ks[lo]!;
}

/**
 * The trace at step `seq` (0 ≤ seq ≤ steps): replays from the nearest keyframe before it, or from
 * `from` (an earlier point of this trace) when that is nearer. The states returned are never
 * written again, so a caller may keep them.
 */
export function replayTo(trace: Trace, seq: number, from?: TracePoint): TracePoint {
  if (seq < 0 || seq > trace.steps)
    throw new RangeError(`no step ${seq} in a trace of ${trace.steps}`);
  const k0 = trace.keyframes[0]!;
  if (seq === 0)
    return { seq, state: k0.state, prev: null, records: [], point: k0.point, loops: undefined };
  let kf: { seq: number; state: EngineState; point: WalkPoint } = keyframeBefore(trace, seq - 1);
  if (from && from.seq < seq && from.seq > kf.seq) kf = from;
  const w = walk(trace.doc, trace.opts, kf.point);
  let state = kf.state;
  // Updated in place up to the step before `seq`; `seq` itself runs on a fresh copy, so that the
  // state before it stays as it was.
  const owned = new WeakSet<object>();
  for (let s = kf.seq + 1; s < seq; s++) {
    const next = w.next(state);
    if (!next) throw new Error(`replay ended at step ${s - 1} of ${trace.steps}`);
    state = step(state, next, next.scope, owned).state;
  }
  const prev = state;
  // A step too costly to replay is followed by a keyframe and its records are kept.
  const next = w.next(state);
  if (!next) throw new Error(`replay ended at step ${seq - 1} of ${trace.steps}`);
  const kept = trace.kept.get(seq);
  const at = kept && keyframeBefore(trace, seq);
  if (kept && at && at.seq === seq)
    return { seq, state: at.state, prev, records: kept, point: at.point, loops: next.loops };
  const out = step(state, next, next.scope);
  return { seq, state: out.state, prev, records: out.results, point: w.point(), loops: next.loops };
}

/**
 * Replays steps from..to once, in order, handing each step's records to `visit` (a search over
 * the whole run: breakpoints that name an address, a page's history).
 */
export function scanTrace(
  trace: Trace,
  from: number,
  to: number,
  visit: (seq: number, records: StepResult[]) => void,
): void {
  from = Math.max(1, from);
  to = Math.min(to, trace.steps);
  if (from > to) return;
  const kf = keyframeBefore(trace, from - 1);
  let w = walk(trace.doc, trace.opts, kf.point);
  let state = kf.state;
  let owned = new WeakSet<object>();
  for (let s = kf.seq + 1; s <= to; s++) {
    const kept = trace.kept.get(s);
    const next = w.next(state);
    if (!next) throw new Error(`replay ended at step ${s - 1} of ${trace.steps}`);
    if (kept) {
      // Its keyframe follows it: no need to redo it.
      const at = keyframeBefore(trace, s);
      if (at.seq === s) {
        if (s >= from) visit(s, kept);
        w = walk(trace.doc, trace.opts, at.point);
        state = at.state;
        owned = new WeakSet<object>();
        continue;
      }
    }
    const out = step(state, next, next.scope, owned);
    state = out.state;
    if (s >= from) visit(s, out.results);
  }
}
