/**
 * Narrow selectors over the app state. Each returns a value that is stable while its inputs are
 * (an element of run.states, a record, a cached array), so React re-renders only what changed.
 */
import type { EngineEvent, EngineState, StepResult } from './engine';
import { hitsOf } from './store';
import { eventsAt, recordAt, recordsAt } from './run-index';
import type { AppState } from './types';

const EMPTY: never[] = [];

/** The state after the step at the cursor (states[0] before any step). */
export function selectState(s: AppState): EngineState | null {
  const run = s.run;
  if (!run) return null;
  return run.states[s.cursor] ?? (s.cursor >= (s.index?.steps ?? 0) ? run.finalState : null);
}

/** The state before the step at the cursor, to show what the step changed. */
export function selectPrevState(s: AppState): EngineState | null {
  if (!s.run || s.cursor === 0) return null;
  return s.run.states[s.cursor - 1] ?? null;
}

export function selectRecord(s: AppState): StepResult | null {
  return s.run && s.index ? recordAt(s.run, s.index, s.cursor) : null;
}

export function selectRecords(s: AppState): StepResult[] {
  return s.run && s.index ? recordsAt(s.run, s.index, s.cursor) : EMPTY;
}

export function selectEvents(s: AppState): EngineEvent[] {
  return s.run && s.index ? eventsAt(s.run, s.index, s.cursor) : EMPTY;
}

export function selectSteps(s: AppState): number {
  return s.index?.steps ?? 0;
}

export function selectHits(s: AppState): number[] {
  return s.run && s.breakpoints.length > 0 ? hitsOf(s.run, s.breakpoints) : EMPTY;
}

export function selectMachine(s: AppState) {
  return s.run?.finalState.machine ?? null;
}
