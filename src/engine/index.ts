/** The engine's public surface: everything outside src/engine/ imports from here. */
/** @public step() and initialState() are the engine's entry, whoever uses them (design habit 2). */
export { step } from './step';
export { runScenario, canonical, ENGINE_SEMANTICS } from './run';
export { DEFAULT_MAX_STEPS } from './walk';
/** @public */
export { initialState } from './init';
/** @public The entry's own types. */
export type {
  StepInput,
  StepOutput,
  RunOptions,
  RunOutput,
  RepeatIteration,
  ExpectationFailure,
} from './api';
/** @public The records and events the engine emits (scenario format section 5). */
export type { StepResult, UffdMsgRecord, RssRecord } from './result';
/** @public */
export type { EngineEvent, EventKind, FillMethod } from './events';
export type * from './state';
export * from './state';
export { symbolize } from './symbols';
export { geometry, ptGet, ptWalk, ptForEach, ptDiff, ptDiffSlices, SLICE_PTES } from './mm/pgtable';
export { frameAt, forEachFrame, frameDiff, frameDiffLeaves } from './mm/page_alloc';
/** @public Time travel by keyframes plus replay (the performance work builds its views on it). */
export { startTrace, traceScenario, replayTo, scanTrace, stepCost, KEYFRAME_COST } from './trace';
/** @public */
export type {
  Trace,
  TraceBuilder,
  TraceOptions,
  TracePoint,
  Keyframe,
  StepListener,
} from './trace';
/** @public */
export type { WalkPoint } from './walk';
export { CPU_ACTIONS, REFPAGE_PATCH_FUNCTIONS, REFPAGE_PATCH_URL, nameOrigin } from './names';
export type { NameOrigin } from './names';
export { SENTENCES, eventSentence } from './sentences';
export { MODELLED_CONFIG } from './kernel/config';
