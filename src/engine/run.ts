/**
 * Running a whole scenario: the steps top to bottom (one fixed interleaving of every thread and
 * process), `repeat` bodies unrolled with their index in scope, a budget of executed steps, and
 * the expectations checked at the end. Keeps the state after every step for time travel
 * (design habit 9: the viewer moves an index over this trace; nothing re-runs).
 */
import type { LeafStep, ScenarioDocument, Step } from '../scenario/types';
import { ScenarioError } from '../scenario/types';
import { compileInt, freeNames } from '../scenario/expr';
import type { ExpectationFailure, RunOptions, RunOutput } from './api';
import type { StepResult } from './result';
import type { EngineState } from './state';
import { initialState } from './init';
import { step } from './step';
import { makeEnv } from './args';
import { whereOf } from './tx';

export const DEFAULT_MAX_STEPS = 1_000_000;
/**
 * The engine's semantics version, carried by share links beside the format version: bump it when
 * a result of an existing scenario changes meaning, so that an old link says so instead of
 * silently showing something else (design habit 12).
 */
export const ENGINE_SEMANTICS = 'e1';

/** The kernel version whose behaviour the engine models. */
export const MODELLED_KERNEL = '6.18';

class BudgetError extends ScenarioError {}

/** Executed steps a list of steps takes, where repeat counts are constants; null if unknown. */
function staticCost(steps: Step[]): number | null {
  let n = 0;
  for (const s of steps) {
    if (s.do !== 'repeat') {
      n++;
      continue;
    }
    if (freeNames(s.count).length > 0) return null;
    let count: bigint;
    try {
      count = compileInt(s.count, '')({ lookup: () => undefined, pageSize: 4096 });
    } catch {
      return null;
    }
    const body = staticCost(s.steps);
    if (body === null) return null;
    n += Number(count) * body;
  }
  return n;
}

export function runScenario(doc: ScenarioDocument, opts: RunOptions = {}): RunOutput {
  const max = opts.maxSteps ?? DEFAULT_MAX_STEPS;
  const note = opts.budgetNote ? ` (${opts.budgetNote})` : '';
  const keep = opts.keepStates ?? true;
  let state: EngineState = initialState(doc);
  const states: EngineState[] = keep ? [state] : [];
  const records: StepResult[] = [];
  const expects: { seq: number; path: string; expect: Record<string, unknown> }[] = [];
  let seq = 0;
  // Without time travel nobody sees intermediate states, so the run may update in place.
  const transient = keep ? undefined : new WeakSet<object>();
  let error: RunOutput['error'] = null;
  const notes: string[] = [];
  const kernel = doc.machine?.kernel;
  if (kernel && kernel !== MODELLED_KERNEL) {
    notes.push(`this scenario expects Linux ${kernel}; faultline models Linux ${MODELLED_KERNEL}`);
  }

  const runList = (steps: Step[], prefix: string, scope: Record<string, number>): void => {
    steps.forEach((s, i) => {
      const path = `${prefix}/${i}`;
      if (s.do === 'repeat') {
        const c = { s: state, path, scope };
        const count = Number(compileInt(s.count, whereOf(path, 'count'))(makeEnv(c)));
        if (count < 0 || count > Number.MAX_SAFE_INTEGER)
          throw new ScenarioError(
            whereOf(path, 'count'),
            `a repeat count must be between 0 and 2^53, got ${count}`,
          );
        const body = staticCost(s.steps);
        if (body !== null && seq + count * body > max) {
          throw new BudgetError(
            whereOf(path, 'count'),
            `${count} iterations of ${body} step${body === 1 ? '' : 's'} would exceed the budget of ${max.toLocaleString('en-US')} executed steps${note}`,
          );
        }
        for (let k = 0; k < count; k++)
          runList(s.steps, `${path}/steps`, s.as ? { ...scope, [s.as]: k } : scope);
        return;
      }
      if (seq >= max)
        throw new BudgetError(
          whereOf(path),
          `the budget of ${max.toLocaleString('en-US')} executed steps is reached${note}`,
        );
      seq++;
      const out = step(state, { step: s as LeafStep, path, seq }, scope, transient);
      state = out.state;
      if (keep) states.push(state);
      records.push(...out.results);
      if (s.expect) expects.push({ seq, path, expect: s.expect });
    });
  };

  try {
    runList(doc.steps, 'steps', {});
  } catch (e) {
    if (e instanceof ScenarioError) error = { where: e.where, message: e.message };
    else error = { where: '', message: `internal error in the engine: ${(e as Error).message}` };
  }
  return {
    records,
    states,
    finalState: state,
    error,
    failures: checkExpectations(records, expects),
    stats: state.stats,
    notes,
  };
}

/** Canonical JSON (sorted keys) for deep comparison. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(
          Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : val,
  );
}

/**
 * A step's outcome is its own record merged with the record of its resumption, if any; each
 * expected field is compared with that.
 */
function checkExpectations(
  records: StepResult[],
  expects: { seq: number; path: string; expect: Record<string, unknown> }[],
): ExpectationFailure[] {
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
      const got = actual[field];
      if (canonical(got) !== canonical(expected))
        failures.push({ seq: e.seq, path: e.path, field, expected, actual: got });
    }
  }
  return failures;
}
