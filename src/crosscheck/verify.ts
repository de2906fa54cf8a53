/**
 * `faultline verify`: build the scenario's C program, run it on this machine's kernel, run the
 * engine, and report every field that differs (issue 3). Scenarios no kernel here can run are
 * refused with the reason; where userfaultfd is refused to us, scenarios that need it are
 * reported as unavailable, and the caller says so loudly.
 */
import { runScenario } from '../engine/index';
import type { RunOutput } from '../engine/api';
import type { ScenarioDocument } from '../scenario/types';
import { compareRecords, type FieldDiff } from './compare';
import { DEFAULT_TIMEOUT_MS, type KernelRun } from './kernel-run';
import { runOnKernel, whyNotRunnable, type KernelOptions } from './kernel';

/** ScenarioErrorInfo as one line; its message may already start with where. */
export function errorText(e: { where: string; message: string }): string {
  return !e.where || e.message.startsWith(e.where) ? e.message : `${e.where}: ${e.message}`;
}

export type VerifyStatus = 'match' | 'differ' | 'refused' | 'unavailable';

export interface VerifyOutcome {
  status: VerifyStatus;
  /** why refused or unavailable */
  reason?: string;
  diffs: FieldDiff[];
  kernel?: KernelRun;
  engine?: RunOutput;
}

/** The engine's run and the kernel's, compared (both runs given). */
export function compareRuns(
  engine: RunOutput,
  kernel: KernelRun,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): FieldDiff[] {
  const diffs = compareRecords(engine.records, kernel.records);
  if (kernel.timedOut) {
    diffs.push({
      seq: 0,
      path: '',
      field: 'error',
      engine: null,
      kernel: `timed out after ${timeoutMs} ms`,
    });
  }
  const ke = kernel.error ? `${kernel.error.path}: ${kernel.error.message}` : null;
  const ee = engine.error ? errorText(engine.error) : null;
  if (Boolean(ke) !== Boolean(ee)) {
    const at = kernel.error ?? { seq: 0, path: engine.error?.where ?? '' };
    diffs.push({ seq: at.seq, path: at.path, field: 'error', engine: ee, kernel: ke });
  }
  return diffs;
}

export async function verifyDocument(
  doc: ScenarioDocument,
  opts: KernelOptions = {},
): Promise<VerifyOutcome> {
  const not = await whyNotRunnable(doc);
  if (not) return { ...not, diffs: [] };
  const kernel = await runOnKernel(doc, opts);
  const engine = runScenario(doc, { keepStates: false });
  const diffs = compareRuns(engine, kernel, opts.timeoutMs);
  return { status: diffs.length ? 'differ' : 'match', diffs, kernel, engine };
}
