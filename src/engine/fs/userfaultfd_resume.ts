/**
 * Resuming a thread the kernel put to sleep in handle_userfault on its own behalf (a fault taken
 * by copy_from_user in UFFDIO_COPY, or by GUP in MADV_POPULATE_*), once wake_userfault wakes it:
 * the syscall goes on where it stopped. kernel/wake.ts calls this for every wait that is not a
 * CPU access.
 */
import type { BlockedOn } from '../state';
import type { Tx } from '../tx';
import type { Fields } from '../fields';
import type { UffdAt } from './userfaultfd';
import { resumeIoctl } from './userfaultfd_ioctl';
import { resumeMadviseFault } from '../mm/madvise_uffd';

/** The wait's kind, for the waits this file resumes; null for a CPU access (access.ts). */
export function kernelFaultKind(b: BlockedOn): string | null {
  const k = (b.resume as { kind?: unknown }).kind;
  return k === 'uffd_ioctl' || k === 'uffd_madvise' ? k : null;
}

export function resumeKernelFault(tx: Tx, at: UffdAt, b: BlockedOn): Fields {
  return kernelFaultKind(b) === 'uffd_ioctl'
    ? resumeIoctl(tx, at, b)
    : resumeMadviseFault(tx, at, b);
}
