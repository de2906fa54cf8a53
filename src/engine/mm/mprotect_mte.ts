/**
 * arm64 MTE in mprotect(2) (docs/reference/refpage-mte.md B.2 P4, P5; arch_validate_prot,
 * arch_validate_flags): PROT_MTE can be added where VM_MTE_ALLOWED, and never removed: mprotect
 * without PROT_MTE returns 0 and the range stays tagged and checked (arm64 has no VM_ARCH_CLEAR for
 * VM_MTE; selftest check_mmap_options.c check_clear_prot_mte_flag). Returns the VMA's new flags or
 * an errno. PROT_MTE on a machine without MTE is already EINVAL in mprotect.ts
 * (arch_validate_prot).
 */
import type { Vma } from '../state';
import { VM_MTE, VM_MTE_ALLOWED } from '../state';
import type { Tx } from '../tx';
import { vmHas, vmSet } from './vm_flags';

const PROT_MTE = 0x20;

export function mprotectMte(tx: Tx, vma: Vma, prot: number, newflags: number): number | string {
  if (tx.s.machine.arch !== 'arm64') return newflags;
  let f = vmHas(vma.flags, VM_MTE) ? vmSet(newflags, VM_MTE) : newflags;
  if (prot & PROT_MTE) {
    if (!vmHas(vma.flags, VM_MTE_ALLOWED)) return 'EINVAL';
    f = vmSet(f, VM_MTE);
  }
  return f;
}
