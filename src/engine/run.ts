/**
 * Running a whole scenario at once: every step the walk yields (walk.ts: repeats unrolled, the
 * budget of executed steps), the expectations checked at the end, and optionally the state after
 * every step (design habit 9). Tests and the cross-check use this; the app and `run --summary`
 * keep a trace instead (trace.ts: keyframes plus replay).
 */
import type { ScenarioDocument } from '../scenario/types';
import { DEFAULT_KERNEL, ScenarioError } from '../scenario/types';
import { canonicalJson, expectationHolds } from '../scenario/expect-match';
import type { ExpectationFailure, RepeatIteration, RunOptions, RunOutput } from './api';
import type { StepResult } from './result';
import type { EngineState } from './state';
import { initialState } from './init';
import { step } from './step';
import { walk } from './walk';

/**
 * The engine's semantics version, carried by share links beside the format version: bump it when
 * a result of an existing scenario changes meaning, so that an old link says so instead of
 * silently showing something else (design habit 12).
 */
export const ENGINE_SEMANTICS = 'e1';

/** What a run wants a reader to know before it starts: the kernel line, when not the default. */
export function runNotes(doc: ScenarioDocument): string[] {
  const kernel = doc.machine?.kernel;
  return kernel && kernel !== DEFAULT_KERNEL
    ? [
        `modelled as Linux ${kernel}: what differs from ${DEFAULT_KERNEL} is in docs/kernel-versions.md`,
      ]
    : [];
}

/** A thrown error → the run's error: a scenario error as it is, anything else as an engine bug. */
export function runError(e: unknown): NonNullable<RunOutput['error']> {
  if (e instanceof ScenarioError) return { where: e.where, message: e.message };
  return { where: '', message: `internal error in the engine: ${(e as Error).message}` };
}

export function runScenario(doc: ScenarioDocument, opts: RunOptions = {}): RunOutput {
  const keep = opts.keepStates ?? true;
  let state: EngineState = initialState(doc);
  const states: EngineState[] = keep ? [state] : [];
  const records: StepResult[] = [];
  const expects: Expect[] = [];
  // Without time travel nobody sees intermediate states, so the run may update in place.
  const transient = keep ? undefined : new WeakSet<object>();
  let error: RunOutput['error'] = null;
  const w = walk(doc, opts);
  const iterations: (readonly RepeatIteration[] | undefined)[] = [];
  try {
    for (let next = w.next(state); next; next = w.next(state)) {
      const out = step(state, next, next.scope, transient);
      state = out.state;
      if (keep) {
        states.push(state);
        if (next.loops) iterations[next.seq] = next.loops;
      }
      for (const r of out.results) records.push(r);
      if (next.step.expect)
        expects.push({ seq: next.seq, path: next.path, expect: next.step.expect });
    }
  } catch (e) {
    error = runError(e);
  }
  return {
    records,
    states,
    finalState: state,
    error,
    failures: checkExpectations(records, expects),
    stats: state.stats,
    notes: runNotes(doc),
    ...(iterations.length > 0 ? { iterations } : {}),
  };
}

/** Canonical JSON (sorted keys) for deep comparison: the scenario contract's own. */
export const canonical = canonicalJson;

/** A step's `expect`, with the seq it ran as. */
export interface Expect {
  seq: number;
  path: string;
  expect: Record<string, unknown>;
}

/**
 * A step's outcome is its own record merged with the record of its resumption, if any; each
 * expected field is compared with that.
 */
export function checkExpectations(records: StepResult[], expects: Expect[]): ExpectationFailure[] {
  const bySeq = new Map<number, Record<string, unknown>>();
  const wanted = new Set(expects.map((e) => e.seq));
  for (const r of records) {
    if (!wanted.has(r.seq)) continue;
    const prev = bySeq.get(r.seq);
    bySeq.set(r.seq, prev ? { ...prev, ...r, blocked: prev.blocked ?? r.blocked } : { ...r });
  }
  const failures: ExpectationFailure[] = [];
  for (const e of expects) {
    const actual = bySeq.get(e.seq) ?? {};
    for (const [field, expected] of Object.entries(e.expect)) {
      if (!expectationHolds(field, expected, actual))
        failures.push({ seq: e.seq, path: e.path, field, expected, actual: actual[field] });
    }
  }
  return failures;
}
