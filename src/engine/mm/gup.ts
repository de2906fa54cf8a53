/**
 * Faulting pages in on behalf of the kernel (mm/gup.c): MAP_POPULATE and
 * MADV_POPULATE_(READ|WRITE) walk the range and fault in each page that is not yet accessible.
 */
import { PTE_PRESENT, PTE_WRITE, VM_READ, VM_WRITE, VM_EXEC } from '../state';
import type { Tx } from '../tx';
import { getPte } from './rmap';
import { findVma } from './vma';
import { doUserAddrFault } from './memory';

export type PopulateResult = 'ok' | 'EFAULT' | 'EINVAL' | 'ENOMEM' | 'EINTR' | 'EHWPOISON';

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
    const r = doUserAddrFault(tx, { proc, thread: tx.thread }, a, write);
    if (r.kind === 'signal') {
      if (r.signal === 'SIGKILL') return 'EINTR';
      if (ignoreErrors) continue;
      return r.si_code === 'BUS_MCEERR_AR' ? 'EHWPOISON' : 'EFAULT';
    }
    if (r.kind === 'blocked') {
      // GUP that would sleep in handle_userfault is not modelled; see the note in madvise.ts.
      return 'EFAULT';
    }
  }
  return 'ok';
}
