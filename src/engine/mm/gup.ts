/**
 * Faulting pages in on behalf of the kernel (mm/gup.c): MAP_POPULATE and
 * MADV_POPULATE_(READ|WRITE) walk the range and fault in each page that is not yet accessible.
 */
import { PTE_MARKER_POISON, PTE_PRESENT, PTE_WRITE, VM_READ, VM_WRITE, VM_EXEC } from '../state';
import type { Tx } from '../tx';
import { getPte } from './rmap';
import { findVma } from './vma';
import { doUserAddrFault } from './memory';
import { gupUserfaultWait, UFFD_WAIT } from './madvise_uffd';
import type { UffdAt } from '../fs/userfaultfd';

/** How GUP faults a page in: not through the CPU's fault handler (mm/gup.c). */
export const GUP_FAULT = ['__get_user_pages', 'faultin_page'];

export type PopulateResult =
  'ok' | 'EFAULT' | 'EINVAL' | 'ENOMEM' | 'EINTR' | 'EHWPOISON' | typeof UFFD_WAIT;

/**
 * Populates [start, end). `ignoreErrors` is MAP_POPULATE's behaviour (mm_populate ignores
 * failures); MADV_POPULATE_* reports them.
 */
export function populateRange(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
  write: boolean,
  ignoreErrors: boolean,
): PopulateResult {
  const ps = tx.s.machine.pageSize;
  for (let a = start; a < end; a += ps) {
    const mm = tx.s.procs[proc]!.mm;
    const i = findVma(mm, a);
    if (i < 0) {
      if (ignoreErrors) continue;
      return 'ENOMEM';
    }
    const v = mm.vmas[i]!;
    const allowed = write ? v.flags & VM_WRITE : v.flags & (VM_READ | VM_WRITE | VM_EXEC);
    if (!allowed) {
      // madvise_populate reports an incompatible mapping or missing permission as EINVAL
      // (checked on Linux 6.18: POPULATE_WRITE on PROT_READ, POPULATE_READ on PROT_NONE).
      if (ignoreErrors) continue;
      return 'EINVAL';
    }
    const pte = getPte(tx.s, proc, a);
    if (pte & PTE_PRESENT && (!write || pte & PTE_WRITE)) continue;
    // A fault taken by the kernel: UFFD_USER_MODE_ONLY makes a userfault SIGBUS (EFAULT) here.
    const kernelAt: UffdAt = { proc, thread: tx.thread, kernel: true };
    const r = doUserAddrFault(tx, kernelAt, a, write, GUP_FAULT);
    if (r.kind === 'signal') {
      if (r.signal === 'SIGKILL') return 'EINTR';
      if (ignoreErrors) continue;
      // A poison marker is VM_FAULT_HWPOISON: EHWPOISON, whatever signal a user access gets.
      return getPte(tx.s, proc, a) & PTE_MARKER_POISON ? 'EHWPOISON' : 'EFAULT';
    }
    if (r.kind === 'blocked') {
      // GUP sleeps in handle_userfault as a CPU access does; MADV_POPULATE_* waits, then goes on.
      gupUserfaultWait(tx, r.uffd, a, write);
      return UFFD_WAIT;
    }
  }
  return 'ok';
}
