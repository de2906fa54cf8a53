/** The scenario module's public API: the format contract, its checks, its two text forms and its URL codec. */
export * from './types';
export * from './flags';
export {
  compileInt,
  evalInt,
  freeNames,
  usesTag,
  isIntExpr,
  toSigned,
  RESERVED_NAMES,
  type ExprEnv,
  type CompiledInt,
} from './expr';
export * from './calls';
export { validateDocument, checkDocument, MAX_STEPS, MAX_REPEAT_DEPTH } from './validate';
export { migrate, MIGRATIONS, type Migration } from './migrate';
export * from './lesson';
export * from './text';
export { loadScenario, serializeJson, detectKind, type SourceKind } from './load';
export {
  encodeScenarioLink,
  decodeScenarioLink,
  DECODERS,
  CURRENT_SEMANTICS,
  CURRENT_LINK_PREFIX,
  type LinkPayload,
  type DecodedLink,
} from './url';
