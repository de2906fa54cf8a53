/**
 * arm64 MTE at mmap time (docs/reference/refpage-mte.md B.2 P1; arch/arm64/include/asm/mman.h
 * arch_calc_vm_prot_bits, arch_calc_vm_flag_bits, arch_validate_flags; mm/shmem.c shmem_mmap).
 * Returns the VMA flags to use, or an errno.
 *
 * - With MTE, VM_MTE_ALLOWED comes from MAP_ANONYMOUS (private or shared), from shmem_mmap
 *   (memfd, tmpfs) and from refpage_mmap (M5); PROT_MTE then adds VM_MTE. A file without
 *   VM_MTE_ALLOWED (ramfs, a disk file) fails arch_validate_flags: EINVAL. Every backing faultline
 *   models is one of the allowed kinds, so EINVAL is reachable only through mprotect on x86 or
 *   without MTE.
 * - Without MTE (x86_64, or arm64 without the feature) PROT_MTE is an unknown prot bit, and mmap
 *   ignores unknown prot bits (calc_vm_prot_bits): the mapping is made, untagged.
 */
import type { VmaBacking } from '../state';
import { VM_MTE, VM_MTE_ALLOWED } from '../state';
import type { Tx } from '../tx';
import { vmSet } from './vm_flags';

const PROT_MTE = 0x20;

/** Which backings may carry tags (VM_MTE_ALLOWED). */
function mteAllowed(backing: VmaBacking): boolean {
  switch (backing.kind) {
    case 'anon':
    case 'shmem':
    case 'refpage':
      return true;
  }
}

export function mmapMteCheck(
  tx: Tx,
  prot: number,
  backing: VmaBacking,
  flags: number,
): number | string {
  const m = tx.s.machine;
  if (m.arch !== 'arm64' || !m.mte) return flags;
  let f = flags;
  if (mteAllowed(backing)) f = vmSet(f, VM_MTE_ALLOWED);
  if (prot & PROT_MTE) {
    if (!mteAllowed(backing)) return 'EINVAL';
    f = vmSet(f, VM_MTE);
  }
  return f;
}
