/** Helpers for the engine's unit tests: run a scenario, check invariants after every step. */
import type { ScenarioDocument, Step } from '../../scenario/types';
import { runScenario } from '../run';
import type { RunOutput } from '../api';
import { checkInvariants } from './invariants';

export function doc(steps: Step[], machine: ScenarioDocument['machine'] = {}): ScenarioDocument {
  return { faultline: 1, machine, steps };
}

/** Runs the steps, fails on a scenario error or a broken invariant, returns the records by seq. */
export function run(
  steps: Step[],
  machine: ScenarioDocument['machine'] = {},
): RunOutput & { at: (seq: number) => Record<string, unknown> } {
  const out = runScenario(doc(steps, machine));
  if (out.error) throw new Error(`scenario error: ${out.error.message}`);
  out.states.forEach((s, i) => {
    const errs = checkInvariants(s);
    if (errs.length) throw new Error(`after step ${i}: ${errs.join('; ')}`);
  });
  const at = (seq: number) => {
    const r = out.records.find((x) => x.seq === seq && !x.resumed);
    if (!r) throw new Error(`no record for seq ${seq}`);
    return { ...r };
  };
  return Object.assign(out, { at });
}

export const RW = 'PROT_READ|PROT_WRITE';
export const PRIV_ANON = 'MAP_PRIVATE|MAP_ANONYMOUS';
