/**
 * `faultline verify`: build the scenario's C program, run it on this machine's kernel, run the
 * engine, and report every field that differs (issue 3). Scenarios no kernel here can run are
 * refused with the reason; where userfaultfd is refused to us, scenarios that need it are
 * reported as unavailable, and the caller says so loudly.
 */
import { release } from 'node:os';
import type { RunOutput } from '../engine/api';
import type { ScenarioDocument } from '../scenario/types';
import { compareRuns, type FieldDiff } from './compare';
import type { KernelRun } from './kernel-run';
import { hostKernel, runOnKernel, whyNotRunnable, type KernelOptions } from './kernel';
import { engineFor } from './lines';
import {
  judge,
  notRun,
  type KernelReport,
  type ScenarioInput,
  type ScenarioReport,
} from './report';

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
  const { engine } = engineFor(doc, hostKernel());
  const diffs = compareRuns(engine, kernel);
  return { status: diffs.length ? 'differ' : 'match', diffs, kernel, engine };
}

/**
 * Verifies scenarios on this machine's kernel as `faultline verify --kernel` does on the others:
 * judged with the scenario's own expects where they apply (report.ts). Where userfaultfd is
 * refused to us, the scenarios that need it are refused with that reason.
 */
export async function verifyOnHost(
  inputs: readonly ScenarioInput[],
  opts: KernelOptions = {},
): Promise<KernelReport> {
  const scenarios: ScenarioReport[] = [];
  for (const input of inputs) {
    const not = await whyNotRunnable(input.doc);
    if (not) {
      scenarios.push(notRun(input, 'refused', not.reason));
      continue;
    }
    try {
      scenarios.push(judge(input, await runOnKernel(input.doc, opts), hostKernel()));
    } catch (err) {
      scenarios.push(notRun(input, 'error', (err as Error).message));
    }
  }
  const ran = scenarios.filter((s) => s.status !== 'refused');
  return {
    label: `x86_64 Linux ${hostKernel().line}`,
    ok: ran.length > 0 && ran.every((s) => s.status === 'match'),
    bootSeconds: null,
    compileSeconds: 0,
    how: `this machine, Linux ${release()}`,
    scenarios,
  };
}
