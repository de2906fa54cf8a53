/**
 * `faultline verify`: build the scenario's C program, run it on this machine's kernel, run the
 * engine, and report every field that differs (issue 3). Scenarios no kernel here can run are
 * refused with the reason; where userfaultfd is refused to us, scenarios that need it are
 * reported as unavailable, and the caller says so loudly.
 */
import { runScenario } from '../engine/index';
import type { RunOutput } from '../engine/api';
import type { ScenarioDocument } from '../scenario/types';
import { compareRuns, type FieldDiff } from './compare';
import type { KernelRun } from './kernel-run';
import { runOnKernel, whyNotRunnable, type KernelOptions } from './kernel';

export type VerifyStatus = 'match' | 'differ' | 'refused' | 'unavailable';

export interface VerifyOutcome {
  status: VerifyStatus;
  /** why refused or unavailable */
  reason?: string;
  diffs: FieldDiff[];
  kernel?: KernelRun;
  engine?: RunOutput;
}

export async function verifyDocument(
  doc: ScenarioDocument,
  opts: KernelOptions = {},
): Promise<VerifyOutcome> {
  const not = await whyNotRunnable(doc);
  if (not) return { ...not, diffs: [] };
  const kernel = await runOnKernel(doc, opts);
  const engine = runScenario(doc, { keepStates: false });
  const diffs = compareRuns(engine, kernel);
  return { status: diffs.length ? 'differ' : 'match', diffs, kernel, engine };
}
