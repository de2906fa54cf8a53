/**
 * Running a scenario on this machine's kernel: refuse what no kernel here has, skip what
 * userfaultfd's policy forbids us, else generate, build (cached) and run the C program.
 * Nothing here needs the engine, so blessing the corpus works while the engine is being changed.
 */
import type { ScenarioDocument, Step } from '../scenario/types';
import { buildC } from './build';
import { generateC } from './generate';
import { runKernelProgram, DEFAULT_TIMEOUT_MS, type KernelRun } from './kernel-run';
import { X86_64 } from './x86_64/target';
import { userfaultfdAvailability } from './uffd-available';

export interface KernelOptions {
  timeoutMs?: number;
  /** Build with WARNINGS_AS_ERRORS (build.ts), as `npm test` does. */
  warningsAsErrors?: boolean;
}

function usesCall(steps: readonly Step[], call: string): boolean {
  return steps.some((s) => s.do === call || (s.do === 'repeat' && usesCall(s.steps, call)));
}

export function usesUserfaultfd(doc: ScenarioDocument): boolean {
  return usesCall(doc.steps, 'userfaultfd');
}

/** Why this scenario cannot be run on this machine's kernel now, or null. */
export async function whyNotRunnable(
  doc: ScenarioDocument,
): Promise<{ status: 'refused' | 'unavailable'; reason: string } | null> {
  const refused = X86_64.refusal(doc);
  if (refused) return { status: 'refused', reason: refused };
  if (usesUserfaultfd(doc)) {
    const uffd = await userfaultfdAvailability();
    if (!uffd.ok) return { status: 'unavailable', reason: uffd.reason };
  }
  return null;
}

/** Generates, builds (cached) and runs the scenario's C program. */
export async function runOnKernel(
  doc: ScenarioDocument,
  opts: KernelOptions = {},
): Promise<KernelRun> {
  const binary = await buildC(generateC(doc), { warningsAsErrors: opts.warningsAsErrors });
  return runKernelProgram(binary, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}
