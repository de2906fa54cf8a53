/**
 * The store's one door into the engine and the scenario module (import direction: views → store →
 * engine, scenario). Views import from here, never from src/engine directly, so that a change in
 * the engine's public surface is absorbed in one file.
 */
export type { EngineState, Frame, FrameTable, PageData, Vma, Mm } from '../engine';
export {
  PTE_PRESENT,
  PTE_WRITE,
  PTE_DIRTY,
  PTE_UFFD_WP,
  PTE_SPECIAL,
  PTE_MARKER_POISON,
  PTE_MARKER_UFFD_WP,
  ZERO_PFN,
  VM_MTE,
  VM_UFFD_MISSING,
  VM_UFFD_WP,
  VM_UFFD_MINOR,
  ptePfn,
} from '../engine';
export type { EngineEvent, FillMethod } from '../engine';
export type { StepResult } from '../engine';
export type { RunOutput, RepeatIteration, ExpectationFailure } from '../engine';
export type { ScenarioDocument, ScenarioErrorInfo, Step } from '../scenario/types';
export { DEFAULT_MACHINE, DEFAULT_KERNEL } from '../scenario/types';
export {
  geometry,
  ptGet,
  ptForEach,
  ptWalk,
  ptDiff,
  ptDiffSlices,
  SLICE_PTES,
  frameDiff,
  frameDiffLeaves,
  frameAt as frameAtPfn,
  forEachFrame,
  ENGINE_SEMANTICS,
  DEFAULT_MAX_STEPS,
  runScenario,
  REFPAGE_PATCH_URL,
  eventSentence,
  nameOrigin,
  MODELLED_CONFIG,
} from '../engine';
/** @public Time travel by keyframes plus replay, for the views the performance work moves onto it. */
export { startTrace, traceScenario, replayTo, scanTrace, KEYFRAME_COST } from '../engine';
/** @public */
export type { Trace, TraceBuilder, TraceOptions, TracePoint, Keyframe, WalkPoint } from '../engine';
export type { NameOrigin } from '../engine';
