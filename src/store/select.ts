/**
 * Narrow selectors over the app state. Each returns a value that is stable while its inputs are
 * (a state of the timeline, a record, a cached array), so React re-renders only what changed.
 */
import type { EngineEvent, EngineState, StepResult } from './engine';
import { hitsOf } from './store';
import { eventsAt, recordAt, recordsAt } from './run-index';
import { pageHistory } from './selectors/history';
import { stepPosition, type StepPositionText } from './selectors/position';
import { editorMarks, type EditorMarks } from './selectors/editor-marks';
import { changesOf, type StepChanges } from './selectors/changes';
import {
  orderedChanges,
  NO_ORDERED_CHANGES,
  type OrderedChanges,
} from './selectors/changes-by-event';
import { mappingOf, type MappingModel } from './selectors/mapping';
import type { AppState } from './types';

const EMPTY: never[] = [];

/** The state after the step at the cursor (the initial state before any step). */
export function selectState(s: AppState): EngineState | null {
  const run = s.run;
  if (!run) return null;
  return run.stateAt(Math.min(s.cursor, run.steps));
}

/** The state before the step at the cursor, to show what the step changed. */
export function selectPrevState(s: AppState): EngineState | null {
  if (!s.run || s.cursor === 0) return null;
  return s.run.stateAt(Math.min(s.cursor, s.run.steps) - 1);
}

export function selectRecord(s: AppState): StepResult | null {
  return s.run && s.index ? recordAt(s.run, s.index, s.cursor) : null;
}

/**
 * Per-run caches keyed by cursor: the records and events of a step are fresh arrays, and a
 * selector must return the same array for the same step or React would render forever.
 */
const perRun = <T>(fn: (s: AppState) => T) => {
  const cache = new WeakMap<object, Map<number, T>>();
  return (s: AppState): T | null => {
    if (!s.run || !s.index) return null;
    let m = cache.get(s.run);
    if (!m) cache.set(s.run, (m = new Map()));
    let v = m.get(s.cursor);
    if (v === undefined) {
      v = fn(s);
      // Keep the cache small: a long scrub should not hold every step's arrays.
      if (m.size > 256) m.clear();
      m.set(s.cursor, v);
    }
    return v;
  };
};

const recordsCached = perRun((s) => recordsAt(s.run!, s.index!, s.cursor));
const eventsCached = perRun((s) => eventsAt(s.run!, s.index!, s.cursor));

export function selectRecords(s: AppState): StepResult[] {
  return recordsCached(s) ?? EMPTY;
}

export function selectEvents(s: AppState): EngineEvent[] {
  return eventsCached(s) ?? EMPTY;
}

export function selectSteps(s: AppState): number {
  return s.index?.steps ?? 0;
}

export function selectHits(s: AppState): number[] {
  return s.run && s.index && s.breakpoints.length > 0
    ? hitsOf(s.run, s.index, s.breakpoints)
    : EMPTY;
}

/**
 * The seqs (over the whole run) whose events touched the selected page or frame: the timeline
 * rings them, so a selection shows where in time it was made what it is. Over a trace, the last
 * HISTORY_REACH steps of the run are searched (a whole-run replay on every selection of a 10^6-step
 * run would freeze the page).
 */
const touchedCache = new WeakMap<object, { key: string; seqs: Set<number> }>();
export function selectTouchedSeqs(s: AppState): Set<number> | null {
  const sel = s.selection;
  if (!s.run || !s.index || !sel) return null;
  const key = JSON.stringify(sel);
  const hit = touchedCache.get(s.index);
  if (hit && hit.key === key) return hit.seqs;
  const ps = s.run.finalState?.machine.pageSize ?? 4096;
  const target =
    sel.kind === 'frame'
      ? { kind: 'frame' as const, pfn: sel.pfn }
      : {
          kind: 'page' as const,
          proc: sel.proc,
          addr: Math.floor(sel.addr / ps) * ps,
          pageSize: ps,
        };
  const seqs = new Set(
    pageHistory(s.run, s.index, s.index.steps, target, Infinity).map((h) => h.seq),
  );
  touchedCache.set(s.index, { key, seqs });
  return seqs;
}

/** What the cursor's position means in words ("after step 8: store(p, "33") in child"). */
const positionCache = new WeakMap<object, { key: string; value: StepPositionText }>();
export function selectStepPosition(s: AppState): StepPositionText {
  const owner = s.run ?? s.doc;
  const key = `${s.cursor}`;
  const hit = positionCache.get(owner);
  if (hit && hit.key === key && hit.value) return hit.value;
  const value = stepPosition(s.run, s.index, s.doc, s.cursor);
  positionCache.set(owner, { key, value });
  return value;
}

/** The editor's marks at the cursor: the step that ran and where blocked threads sleep. */
const marksCache = new WeakMap<object, { cursor: number; value: EditorMarks }>();
const NO_MARKS: EditorMarks = { current: null, blocked: [] };
export function selectEditorMarks(s: AppState): EditorMarks {
  if (!s.run || !s.index) return NO_MARKS;
  const hit = marksCache.get(s.run);
  if (hit && hit.cursor === s.cursor) return hit.value;
  const value = editorMarks(s.run, s.index, selectState(s), s.cursor);
  marksCache.set(s.run, { cursor: s.cursor, value });
  return value;
}

/** What the step at the cursor changed: PTEs and frames (stable while the two states are). */
export function selectChanges(s: AppState): StepChanges {
  return changesOf(selectPrevState(s), selectState(s));
}

/** The memory map's model of the state at the cursor (views/MemoryMap). */
export function selectMapping(s: AppState): MappingModel | null {
  const state = selectState(s);
  return s.run && s.index && state ? mappingOf(s.run, s.index, state) : null;
}

/** What the step at the cursor changed, in the order of its events (the memory map's motion). */
export function selectOrderedChanges(s: AppState): OrderedChanges {
  return s.run && s.index ? orderedChanges(s.run, s.index, s.cursor) : NO_ORDERED_CHANGES;
}
