/**
 * arm64 MTE at mmap time: PROT_MTE is accepted only where the kernel allows it (refpage-mte B.2
 * P1). Returns the VMA flags to use, or an errno.
 */
import type { VmaBacking } from '../state';
import { VM_MTE, VM_MTE_ALLOWED } from '../state';
import type { Tx } from '../tx';

const PROT_MTE = 0x20;

export function mmapMteCheck(
  tx: Tx,
  prot: number,
  backing: VmaBacking,
  flags: number,
): number | string {
  const m = tx.s.machine;
  // On x86_64, 0x20 is no PROT_* bit at all, and mmap ignores unknown prot bits.
  if (m.arch !== 'arm64') return flags;
  // arch_calc_vm_flag_bits: anonymous memory and shmem (memfd, MAP_SHARED|MAP_ANONYMOUS) may carry
  // tags, and so may a reference page (refpage-mte M5: VM_MTE_ALLOWED set by refpage_mmap).
  const allowed = m.mte;
  let f = flags;
  if (allowed) f |= VM_MTE_ALLOWED;
  if (prot & PROT_MTE) {
    if (!allowed) return 'EINVAL';
    void backing;
    f |= VM_MTE;
  }
  return f;
}
