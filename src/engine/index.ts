/** The engine's public surface: everything outside src/engine/ imports from here. */
export { step } from './step';
export {
  runScenario,
  canonical,
  DEFAULT_MAX_STEPS,
  ENGINE_SEMANTICS,
  MODELLED_KERNEL,
} from './run';
export { initialState } from './init';
export type {
  StepInput,
  StepOutput,
  RunOptions,
  RunOutput,
  RepeatIteration,
  ExpectationFailure,
} from './api';
export type { StepResult, UffdMsgRecord, RssRecord } from './result';
export { COMPARED_FIELDS } from './result';
export type { EngineEvent, EventKind, FillMethod } from './events';
export type * from './state';
export * from './state';
export { pagemap, rss, pageChar } from './fs/proc/task_mmu';
export { symbolize } from './symbols';
export { geometry, ptGet, ptWalk, ptForEach, ptDiff } from './mm/pgtable';
export { frameAt, forEachFrame, frameDiff, buildFrameTable } from './mm/page_alloc';
export { readByte, readHex } from './mm/pagedata';
export { findVma } from './mm/vma';
export { startTrace, traceScenario, replayTo, scanTrace, stepCost, KEYFRAME_COST } from './trace';
export type {
  Trace,
  TraceBuilder,
  TraceOptions,
  TracePoint,
  Keyframe,
  StepListener,
} from './trace';
export type { WalkPoint } from './walk';
export { CPU_ACTIONS, REFPAGE_PATCH_FUNCTIONS, REFPAGE_PATCH_URL, nameOrigin } from './names';
export type { NameOrigin } from './names';
export { SENTENCES, eventSentence } from './sentences';
export { MODELLED_CONFIG } from './kernel/config';
