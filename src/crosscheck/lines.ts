/**
 * Which Linux line a cross-check run is about (issue 10). A kernel here runs one line: this
 * machine's own (6.18), Debian's x86_64 6.1 and 6.12 and arm64 6.1 under QEMU. The engine is then
 * run modelled as that line and as that kernel is built (CONFIG_MEMORY_FAILURE), so that it can be
 * compared with the kernel field by field; a scenario that names another line, or another build,
 * is refused on that kernel.
 *
 * A scenario's `expect`s were written for its own line (`machine.kernel`, default 6.18). On
 * another line they are judged against the kernel only where the engine says the scenario behaves
 * the same on both lines; where it says they differ, the expects belong to the scenario's line
 * and the engine-against-kernel comparison is the check (docs/kernel-versions.md).
 */
import { runScenario } from '../engine/index';
import type { RunOutput } from '../engine/index';
import { KERNEL_VERSIONS, type KernelVersion, type ScenarioDocument } from '../scenario/types';

/** A kernel here: its line and how it is built. */
export interface KernelBuild {
  line: KernelVersion;
  /** CONFIG_MEMORY_FAILURE (docs/kernel-versions.md row 8). */
  memoryFailure: boolean;
}

/**
 * Whether RSS as /proc shows it can be compared on this line. 6.1 keeps per-thread RSS deltas and
 * folds them into the mm only every 64 faults of the thread or when it exits (SPLIT_RSS_COUNTING,
 * check_sync_rss_stat in mm/memory.c of 6.1); the faults of the program's own runtime count too,
 * so no model of one scenario can give the number a 6.1 process reads. From 6.2 the counters are
 * exact (docs/kernel-versions.md row 19). faultline models the exact count on every line.
 */
export function rssComparable(line: KernelVersion): boolean {
  return line !== '6.1';
}

/** The line of a kernel release (`6.18.44-fc`, `6.1.0-57-amd64`), or null when faultline has none. */
export function lineOfRelease(release: string): KernelVersion | null {
  const m = /^(\d+)\.(\d+)(?!\d)/.exec(release);
  const line = m ? `${m[1]}.${m[2]}` : '';
  return (KERNEL_VERSIONS as readonly string[]).includes(line) ? (line as KernelVersion) : null;
}

/** Why this kernel cannot stand for the scenario's kernel, or null. */
export function buildRefusal(doc: ScenarioDocument, kernel: KernelBuild): string | null {
  const named = doc.machine?.kernel;
  if (named !== undefined && named !== kernel.line)
    return `the scenario is about Linux ${named} (machine.kernel); this kernel is ${kernel.line}: verify it with --kernel ${named}`;
  const mf = doc.machine?.memoryFailure;
  if (mf !== undefined && mf !== kernel.memoryFailure)
    return `the scenario is about a kernel built ${mf ? 'with' : 'without'} CONFIG_MEMORY_FAILURE (machine.memoryFailure); this one is built ${kernel.memoryFailure ? 'with' : 'without'} it`;
  return null;
}

/** The scenario as the engine should run it to stand for this kernel. */
export function onKernel(doc: ScenarioDocument, kernel: KernelBuild): ScenarioDocument {
  return {
    ...doc,
    machine: {
      ...(doc.machine ?? {}),
      kernel: kernel.line,
      memoryFailure: kernel.memoryFailure,
    } as ScenarioDocument['machine'],
  };
}

function comparable(run: RunOutput): string {
  return JSON.stringify([
    run.records.map(({ events: _events, ...fields }) => fields),
    run.error?.message ?? null,
  ]);
}

/**
 * The engine's run standing for this kernel, and whether the scenario's own expects are to be
 * judged against the kernel: where the engine gives the same records for the kernel the scenario
 * names (its line, its build) and for this one. On its own line and build that is always so.
 */
export function engineFor(
  doc: ScenarioDocument,
  kernel: KernelBuild,
): { engine: RunOutput; expectsApply: boolean } {
  const engine = runScenario(onKernel(doc, kernel), { keepStates: false });
  const own = runScenario(doc, { keepStates: false });
  return { engine, expectsApply: comparable(own) === comparable(engine) };
}
