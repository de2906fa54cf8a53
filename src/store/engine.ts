/**
 * The store's one door into the engine and the scenario module (import direction: views → store →
 * engine, scenario). Views import from here, never from src/engine directly, so that a change in
 * the engine's public surface is absorbed in one file.
 */
export type { EngineState, Frame, FrameTable, Proc, Vma, Mm, Thread, PtNode } from '../engine';
export {
  PTE_PRESENT,
  PTE_WRITE,
  PTE_DIRTY,
  PTE_UFFD_WP,
  PTE_SPECIAL,
  PTE_MARKER_POISON,
  PTE_MARKER_UFFD_WP,
  ZERO_PFN,
  VM_READ,
  VM_WRITE,
  VM_EXEC,
  VM_SHARED,
  VM_UFFD_MISSING,
  VM_UFFD_WP,
  VM_UFFD_MINOR,
  VM_MTE,
  VM_DONTCOPY,
  ptePfn,
} from '../engine';
export type { EngineEvent, EventKind, FillMethod } from '../engine';
export type { StepResult } from '../engine';
export type { RunOutput, RunOptions, ExpectationFailure } from '../engine';
export type { ScenarioDocument, ScenarioErrorInfo, Machine, Step } from '../scenario/types';
export { DEFAULT_MACHINE } from '../scenario/types';
export {
  geometry,
  ptGet,
  ptForEach,
  ptWalk,
  ptDiff,
  frameDiff,
  pagemap,
  frameAt as frameAtPfn,
  forEachFrame,
  buildFrameTable,
  MODELLED_KERNEL,
  ENGINE_SEMANTICS,
  runScenario,
  startTrace,
  traceScenario,
  replayTo,
  scanTrace,
  KEYFRAME_COST,
  REFPAGE_PATCH_URL,
  eventSentence,
  nameOrigin,
  MODELLED_CONFIG,
} from '../engine';
export type { Trace, TraceBuilder, TraceOptions, TracePoint, Keyframe, WalkPoint } from '../engine';
export type { NameOrigin } from '../engine';
