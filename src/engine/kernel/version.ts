/**
 * Which Linux faultline models: `machine.kernel` picks one of the lines of KERNEL_VERSIONS (6.1,
 * 6.6, 6.12, 6.18; default 6.18), and every behaviour that differs between them asks here whether
 * the modelled kernel has it. Each change names its row in docs/kernel-versions.md, where its
 * release, its commit and how it was checked are written down.
 *
 * A line is modelled as its latest stable release, so `since` is the first of faultline's lines
 * that has a change, compared as a release number: a change of 6.4 is in 6.6, 6.12 and 6.18.
 * Changes found between 6.12 and 6.18 without a known release say 6.18.
 */
import { DEFAULT_KERNEL, type Machine } from '../../scenario/types';

export const KERNEL_CHANGES = {
  /** row 1: UFFD_FEATURE_WP_UNPOPULATED. */
  uffdWpUnpopulated: { since: '6.4' },
  /** row 2: UFFD_FEATURE_POISON and UFFDIO_POISON. */
  uffdPoison: { since: '6.6' },
  /** row 3: UFFD_FEATURE_WP_ASYNC. */
  uffdWpAsync: { since: '6.7' },
  /** row 4: UFFD_FEATURE_MOVE and UFFDIO_MOVE. */
  uffdMove: { since: '6.8' },
  /** row 5: UFFDIO_CONTINUE_MODE_WP. */
  continueModeWp: { since: '6.4' },
  /** row 9: UFFDIO_UNREGISTER through another userfaultfd than the registering one is EINVAL. */
  unregisterOwnerOnly: { since: '6.18' },
  /** row 10: UFFDIO_WRITEPROTECT walks every VMA of its range. */
  writeprotectManyVmas: { since: '6.5' },
  /** row 11: arm64 has userfaultfd write-protection (HAVE_ARCH_USERFAULTFD_WP). */
  arm64UffdWp: { since: '6.10' },
  /** row 14: madvise_populate walks the range itself and stops at the first hole. */
  populateStopsAtHole: { since: '6.10' },
  /** row 15: a move-only mremap may span several VMAs. */
  mremapManyVmas: { since: '6.17' },
  /** row 16: MAP_DROPPABLE. */
  mapDroppable: { since: '6.11' },
  /** row 17: MADV_GUARD_INSTALL and MADV_GUARD_REMOVE are known advice. */
  madvGuard: { since: '6.13' },
  /** row 18: MFD_NOEXEC_SEAL and MFD_EXEC. */
  mfdExecFlags: { since: '6.3' },
  /**
   * row 20: an ioctl refused for mmap_changing writes -EAGAIN into its output field. Absent from
   * 6.1.192 and 6.6.87, present in 6.12.118 (both read and run): 6.12 is the first line with it.
   */
  mmapChangingWritesField: { since: '6.12' },
} as const;
export type KernelChange = keyof typeof KERNEL_CHANGES;

/** Release numbers already read: a userfaultfd round trip asks several times a step. */
const releases = new Map<string, number>();

function release(v: string): number {
  let r = releases.get(v);
  if (r === undefined) {
    const [major, minor] = v.split('.').map(Number);
    releases.set(v, (r = major! * 1000 + minor!));
  }
  return r;
}

/** Whether the modelled kernel has the change (for arm64's uffd-wp: and is arm64 at all). */
export function kernelHas(machine: Pick<Machine, 'kernel'>, change: KernelChange): boolean {
  return release(machine.kernel ?? DEFAULT_KERNEL) >= release(KERNEL_CHANGES[change].since);
}

/**
 * Whether the modelled kernel is built with CONFIG_MEMORY_FAILURE (row 8): `machine.memoryFailure`
 * when the scenario says, else what the kernel faultline checks each line against does. That is a
 * build option, not a release: Debian builds every line with it (its 6.1 and 6.12 are the kernels
 * 6.1 and 6.12 are checked on, and 6.6 follows them), and this machine's 6.18 is built without it
 * (its /proc/config.gz has no CONFIG_MEMORY_FAILURE), so the default is on before 6.18 and off on
 * 6.18. A default per line keeps every kernel here and the engine agreeing without a scenario
 * having to name the option; a scenario about another build names it.
 */
export function hasMemoryFailure(machine: Pick<Machine, 'kernel' | 'memoryFailure'>): boolean {
  return machine.memoryFailure ?? (machine.kernel ?? DEFAULT_KERNEL) !== '6.18';
}

/** Whether userfaultfd write-protection exists on this machine (x86_64 always; arm64 from 6.10). */
export function hasUffdWp(machine: Pick<Machine, 'kernel' | 'arch'>): boolean {
  return machine.arch !== 'arm64' || kernelHas(machine, 'arm64UffdWp');
}
