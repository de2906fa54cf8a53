/**
 * Walking a document one executed step at a time: the steps top to bottom (one fixed interleaving
 * of every thread and process), `repeat` bodies unrolled with their index in scope, and a budget of
 * executed steps. Where the walk stands is plain data (WalkPoint), so a walk can restart from any
 * point it passed: time travel replays from a keyframe (trace.ts) instead of keeping every state.
 */
import type { LeafStep, ScenarioDocument, Step } from '../scenario/types';
import { ScenarioError } from '../scenario/types';
import { compileInt, freeNames } from '../scenario/expr';
import type { EngineState } from './state';
import type { RepeatIteration } from './api';
import { makeEnv } from './args';
import { whereOf } from './tx';

export const DEFAULT_MAX_STEPS = 1_000_000;

/** Reaching the budget of executed steps (a scenario error, named where). */
export class BudgetError extends ScenarioError {}

/** Where a walk stands: per open list (the document's, then each running repeat's), outermost first. */
export interface WalkPoint {
  /** Executed steps so far. */
  seq: number;
  /** The index of the next step of each open list, the iteration it is in, and its count. */
  levels: { i: number; k: number; count: number }[];
}

/** The next executed step: the document's own step object, where it stands, its seq and scope. */
export interface NextStep {
  step: LeafStep;
  /** `steps/6`, `steps/2/steps/0` */
  path: string;
  seq: number;
  /** The enclosing repeats' `as` names and their iterations. */
  scope: Record<string, number>;
  /**
   * The enclosing repeats, outermost first: path, iteration and count (undefined outside any).
   * One array per iteration, shared by its steps, so a run can keep it at a pointer a step. Made
   * when first read (most runs never read it), so read it before the walk moves on.
   */
  readonly loops: readonly RepeatIteration[] | undefined;
}

export interface Walk {
  /**
   * The next step to execute after `state` (the state so far: a repeat's count may name a binding),
   * or null at the end. Throws a ScenarioError for a bad count or a reached budget. The same object
   * each time, its fields those of the latest step: read what it says before calling next again.
   */
  next(state: EngineState): NextStep | null;
  point(): WalkPoint;
}

export interface WalkOptions {
  maxSteps?: number;
  /** Appended to the budget message (why this caller's budget is what it is). */
  budgetNote?: string;
}

interface Level {
  steps: Step[];
  paths: string[];
  i: number;
  k: number;
  count: number;
  as: string | undefined;
  /**
   * The scope the list's steps see (the parent's, plus this repeat's index). A repeat with an
   * index has a scope object of its own, whose index is updated in place each iteration: a scope is
   * read while its step runs and kept by nothing.
   */
  scope: Record<string, number>;
  /** The repeat's own path (`steps/2`); '' for the document's list. */
  path: string;
  /** The repeats around this list's steps, this one last (NextStep.loops); null until read. */
  loops: readonly RepeatIteration[] | undefined | null;
  parent: Level | null;
}

/** The repeats around a level's steps for its current iteration, made once per iteration. */
function loopsOf(l: Level): readonly RepeatIteration[] | undefined {
  if (l.loops === null)
    l.loops = [
      ...(l.parent ? (loopsOf(l.parent) ?? []) : []),
      { path: l.path, k: l.k, count: l.count },
    ];
  return l.loops;
}

/** The path of each step of a list, computed once per list (a repeat body runs many times). */
const pathsOf = new WeakMap<Step[], string[]>();
function listPaths(steps: Step[], prefix: string): string[] {
  let p = pathsOf.get(steps);
  if (!p) pathsOf.set(steps, (p = steps.map((_, i) => `${prefix}/${i}`)));
  return p;
}

const costOf = new WeakMap<Step[], number | null>();
/** Executed steps a list of steps takes, where repeat counts are constants; null if unknown. */
function staticCost(steps: Step[]): number | null {
  const known = costOf.get(steps);
  if (known !== undefined) return known;
  let n: number | null = 0;
  for (const s of steps) {
    if (s.do !== 'repeat') {
      n++;
      continue;
    }
    let count: bigint | null = null;
    if (freeNames(s.count).length === 0) {
      try {
        count = compileInt(s.count, '')({ lookup: () => undefined, pageSize: 4096 });
      } catch {
        count = null;
      }
    }
    const body = count === null ? null : staticCost(s.steps);
    if (count === null || body === null) {
      n = null;
      break;
    }
    n += Number(count) * body;
  }
  costOf.set(steps, n);
  return n;
}

const withIndex = (scope: Record<string, number>, as: string | undefined, k: number) =>
  as ? { ...scope, [as]: k } : scope;

/** The step the walk returned last: one object, its fields replaced by each next(). */
class Current implements NextStep {
  step!: LeafStep;
  path = '';
  seq = 0;
  scope: Record<string, number> = {};
  level: Level | null = null;
  get loops(): readonly RepeatIteration[] | undefined {
    return this.level && this.level.parent ? loopsOf(this.level) : undefined;
  }
}

export function walk(doc: ScenarioDocument, opts: WalkOptions = {}, from?: WalkPoint): Walk {
  const max = opts.maxSteps ?? DEFAULT_MAX_STEPS;
  const note = opts.budgetNote ? ` (${opts.budgetNote})` : '';
  const top: Level = {
    steps: doc.steps,
    paths: listPaths(doc.steps, 'steps'),
    i: 0,
    k: 0,
    count: 1,
    as: undefined,
    scope: {},
    path: '',
    loops: undefined,
    parent: null,
  };
  const stack: Level[] = [top];
  let seq = 0;

  if (from) {
    // Rebuild the open lists: each repeat is the step just before its parent's next step.
    seq = from.seq;
    from.levels.forEach((l, d) => {
      if (d === 0) {
        top.i = l.i;
        return;
      }
      const parent = stack[d - 1]!;
      const rep = parent.steps[parent.i - 1];
      if (!rep || rep.do !== 'repeat')
        throw new Error('walk: a point that is not in this document');
      const scope = withIndex(parent.scope, rep.as, l.k);
      const path = parent.paths[parent.i - 1]!;
      stack.push({
        steps: rep.steps,
        paths: listPaths(rep.steps, `${path}/steps`),
        i: l.i,
        k: l.k,
        count: l.count,
        as: rep.as,
        scope,
        path,
        loops: null,
        parent,
      });
    });
  }

  const current = new Current();
  return {
    point: () => ({ seq, levels: stack.map((l) => ({ i: l.i, k: l.k, count: l.count })) }),
    next(state) {
      for (;;) {
        const lv = stack[stack.length - 1]!;
        if (lv.i < lv.steps.length) {
          const s = lv.steps[lv.i]!;
          const path = lv.paths[lv.i]!;
          if (s.do === 'repeat') {
            const c = { s: state, path, scope: lv.scope };
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
            lv.i++;
            if (count > 0)
              stack.push({
                steps: s.steps,
                paths: listPaths(s.steps, `${path}/steps`),
                i: 0,
                k: 0,
                count,
                as: s.as,
                scope: withIndex(lv.scope, s.as, 0),
                path,
                loops: null,
                parent: lv,
              });
            continue;
          }
          if (seq >= max)
            throw new BudgetError(
              whereOf(path),
              `the budget of ${max.toLocaleString('en-US')} executed steps is reached${note}`,
            );
          lv.i++;
          seq++;
          current.step = s as LeafStep;
          current.path = path;
          current.seq = seq;
          current.scope = lv.scope;
          current.level = lv;
          return current;
        }
        if (stack.length === 1) return null;
        if (++lv.k < lv.count) {
          lv.i = 0;
          if (lv.as) lv.scope[lv.as] = lv.k;
          lv.loops = null;
          continue;
        }
        stack.pop();
      }
    },
  };
}
