/**
 * Running a scenario on this machine's kernel: refuse what no kernel here has, skip what
 * userfaultfd's policy forbids us, else generate, build (cached) and run the C program.
 * Nothing here needs the engine, so blessing the corpus works while the engine is being changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_KERNEL, type ScenarioDocument, type Step } from '../scenario/types';
import { buildC } from './build';
import { buildRefusal, lineOfRelease, type KernelBuild } from './lines';
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

/** Whether the kernel config at `path` (gzipped, as /proc/config.gz) sets `option`; null if unknown. */
export function configHas(path: string, option: string): boolean | null {
  if (!existsSync(path)) return null;
  try {
    const text = gunzipSync(readFileSync(path)).toString('latin1');
    return new RegExp(`^${option}=[ym]$`, 'm').test(text);
  } catch {
    return null;
  }
}

let host: KernelBuild | undefined;

/**
 * This machine's kernel as the engine should model it: its line (from its release; the default
 * line when faultline has none for it) and its CONFIG_MEMORY_FAILURE (from /proc/config.gz; the
 * line's default when the config is not readable).
 */
export function hostKernel(): KernelBuild {
  if (!host) {
    const line = lineOfRelease(release()) ?? DEFAULT_KERNEL;
    const mf = configHas('/proc/config.gz', 'CONFIG_MEMORY_FAILURE');
    host = { line, memoryFailure: mf ?? line !== '6.18' };
  }
  return host;
}

/** Why this scenario cannot be run on this machine's kernel now, or null. */
export async function whyNotRunnable(
  doc: ScenarioDocument,
): Promise<{ status: 'refused' | 'unavailable'; reason: string } | null> {
  const refused = X86_64.refusal(doc) ?? buildRefusal(doc, hostKernel());
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
