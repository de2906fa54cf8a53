/**
 * arm64 MTE in mprotect(2): PROT_MTE can be added where VM_MTE_ALLOWED, and never removed
 * (refpage-mte B.2 P4, P5). Returns the VMA's new flags or an errno.
 */
import type { Vma } from '../state';
import { VM_MTE, VM_MTE_ALLOWED } from '../state';
import type { Tx } from '../tx';

const PROT_MTE = 0x20;

export function mprotectMte(tx: Tx, vma: Vma, prot: number, newflags: number): number | string {
  if (tx.s.machine.arch !== 'arm64') return newflags;
  let f = newflags | (vma.flags & VM_MTE);
  if (prot & PROT_MTE) {
    if (!(vma.flags & VM_MTE_ALLOWED)) return 'EINVAL';
    f |= VM_MTE;
  }
  return f;
}
