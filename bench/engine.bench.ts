import { defaultScenario } from '../src/lessons/default.ts';
import type { ScenarioDocument } from '../src/scenario/types.ts';
import { defineBench } from './types.ts';

interface EngineRun {
  records: unknown[];
  error: { message?: string } | null;
}
type RunScenario = (doc: ScenarioDocument, options?: { keepStates?: boolean }) => EngineRun;

// A variable specifier keeps this file compiling while src/engine/index.ts is still being written;
// the harness reports a failed import as an error line and moves on.
const enginePath = '../src/engine/index.ts';

async function loadEngine(): Promise<RunScenario> {
  const mod = (await import(enginePath)) as { runScenario?: RunScenario };
  if (typeof mod.runScenario !== 'function') {
    throw new Error(`${enginePath} does not export runScenario`);
  }
  const out = mod.runScenario(defaultScenario);
  if (out.error) throw new Error(`defaultScenario stops with an error: ${out.error.message}`);
  return mod.runScenario;
}

export default [
  defineBench({
    name: 'engine: default scenario (refpage, 128 KiB), every state kept',
    setup: loadEngine,
    run: (runScenario) => runScenario(defaultScenario).records.length,
  }),
  defineBench({
    name: 'engine: default scenario, keepStates off',
    setup: loadEngine,
    run: (runScenario) => runScenario(defaultScenario, { keepStates: false }).records.length,
    baseline: 'engine: default scenario (refpage, 128 KiB), every state kept',
  }),
];
