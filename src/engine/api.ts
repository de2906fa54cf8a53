/**
 * The engine's public surface. Everything outside src/engine/ (store, views, CLI, cross-check)
 * uses only what index.ts re-exports from here.
 */
import type { LeafStep, ScenarioErrorInfo } from '../scenario/types';
import type { EngineState, Stats } from './state';
import type { StepResult } from './result';

/** One executed step: a leaf step of the document, where it stands, and its 1-based seq. */
export interface StepInput {
  step: LeafStep;
  /** `steps/6`, `steps/2/steps/0` */
  path: string;
  seq: number;
}

/**
 * The step's own record, followed by the `resumed` records of any threads it woke (format 4).
 * `state` is the state after the step.
 */
export interface StepOutput {
  state: EngineState;
  results: StepResult[];
}

export interface ExpectationFailure {
  seq: number;
  path: string;
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface RunOptions {
  /** Executed-step budget (default 1,000,000). Reaching it is a scenario error, checked before a repeat starts where the count is known. */
  maxSteps?: number;
  /** Keep the state after every executed step (time travel). Default true. */
  keepStates?: boolean;
  /** Appended to the message when the step budget is reached (why this caller's budget is what it is). */
  budgetNote?: string;
}

export interface RunOutput {
  /** One record per executed step, in execution order (plus `resumed` records). */
  records: StepResult[];
  /**
   * states[0] is the initial state; states[k] the state after the k-th executed step (seq k).
   * Empty when keepStates is false.
   */
  states: EngineState[];
  finalState: EngineState;
  /** A scenario error stops the run; records before it are kept and the error names where. */
  error: ScenarioErrorInfo | null;
  failures: ExpectationFailure[];
  stats: Stats;
  /** Things the run wants a reader to know (e.g. the scenario expects another kernel version). */
  notes: string[];
  /**
   * iterations[k]: for the step with seq k, the repeats around it, outermost first: which
   * iteration (k, from 0) of how many (count). Absent outside any repeat, and when keepStates is
   * false. One array is shared by every step of an iteration, so this costs a pointer a step.
   */
  iterations?: (readonly RepeatIteration[] | undefined)[];
}

/** One enclosing repeat of a step: its path in the document, the iteration and the count. */
export interface RepeatIteration {
  path: string;
  k: number;
  count: number;
}
