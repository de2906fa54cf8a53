/**
 * What the page and the engine's Web Worker say to each other (run-service.ts runs in the worker,
 * run-client.ts on the page). Everything is plain data and typed arrays: postMessage copies it.
 */
import type { ScenarioDocument, ScenarioErrorInfo, StepResult, WalkPoint } from './engine';
import type { ExpectationFailure, RunOutput } from './engine';
import type { IndexChunk } from './run-index';

/** How the app runs a document: the engine's step budget and the memory it may keep. */
export interface RunLimits {
  maxSteps: number;
  /** Bytes the page may keep for time travel (keyframes, kept records, the index), estimated. */
  memoryBudget: number;
}

/** Why the app's step budget is what it is, appended to the budget's message. */
export const APP_BUDGET_NOTE =
  'the app opens runs up to this many steps; `npx faultline run FILE --max-steps N` runs longer ones';

export type ToWorker =
  | { type: 'start'; id: number; doc: ScenarioDocument; limits: RunLimits }
  | { type: 'cancel'; id: number };

export interface KeyframeMessage {
  seq: number;
  point: WalkPoint;
  /** transfer.ts: a patch against the previous keyframe posted (the first: against nothing). */
  patch: unknown;
}

export interface SliceMessage {
  type: 'slice';
  id: number;
  /** Executed steps so far. */
  steps: number;
  keyframes: KeyframeMessage[];
  /** Records of steps too costly to replay, by seq. */
  kept: [number, StepResult[]][];
  index: IndexChunk | null;
  /** Bytes the page keeps for this run so far, estimated. */
  retained: number;
  /** Set on the last slice of a run. */
  end?: {
    /** The state after the last step, as a patch against the last keyframe posted. */
    finalPatch: unknown;
    error: ScenarioErrorInfo | null;
    /** Why the run was stopped before its end (cancelled, the memory budget), or null. */
    stopped: string | null;
    failures: ExpectationFailure[];
    notes: string[];
    stats: RunOutput['stats'];
  };
}

export type FromWorker = SliceMessage;
