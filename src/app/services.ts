/**
 * The app's wiring to the engine and the scenario module. Modules that are still being written
 * by other engineers are looked up with import.meta.glob, which resolves to nothing (instead of
 * failing the build) while a file does not exist yet; each falls back to something honest.
 */
import type { RunOutput, ScenarioDocument } from '../store/engine';
import type { StoreDeps } from '../store/store';

type Mod = Record<string, unknown>;
const engineMods = import.meta.glob<Mod>('../engine/index.ts', { eager: true });
const textMods = import.meta.glob<Mod>('../scenario/text.ts', { eager: true });
const loadMods = import.meta.glob<Mod>('../scenario/load.ts', { eager: true });

const pick = <T>(mods: Record<string, Mod>, name: string): T | null => {
  for (const m of Object.values(mods)) if (typeof m[name] === 'function') return m[name] as T;
  return null;
};

type RunFn = (doc: ScenarioDocument, opts?: { maxSteps?: number; keepStates?: boolean }) => RunOutput;
const runScenario = pick<RunFn>(engineMods, 'runScenario');
const printText = pick<(doc: ScenarioDocument) => string>(textMods, 'printText');
const parseText = pick<(src: string) => ScenarioDocument>(textMods, 'parseText');
const loadScenario = pick<(src: string) => ScenarioDocument>(loadMods, 'loadScenario');

export const hasEngine = runScenario !== null;
export const hasTextForm = printText !== null && parseText !== null;

/** Parses either form: JSON when it looks like JSON, else the text form. */
export function parseSource(src: string): ScenarioDocument {
  if (loadScenario) return loadScenario(src);
  if (src.trimStart().startsWith('{') || !parseText) return JSON.parse(src) as ScenarioDocument;
  return parseText(src);
}

export const appDeps: StoreDeps = {
  run: (doc) => {
    if (!runScenario) throw new Error('the engine is not available in this build');
    return runScenario(doc, { keepStates: true });
  },
  print: (doc) => (printText ? printText(doc) : JSON.stringify(doc, null, 2)),
  parse: parseSource,
};
