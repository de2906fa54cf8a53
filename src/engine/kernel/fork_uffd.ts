/**
 * dup_userfaultfd: at fork, a VMA registered with a userfaultfd that did not ask for
 * UFFD_FEATURE_EVENT_FORK loses its registration in the child. (With EVENT_FORK the child gets a
 * context of its own; see fs/userfaultfd.ts.)
 */
import type { Vma } from '../state';
import { VM_UFFD_MINOR, VM_UFFD_MISSING, VM_UFFD_WP } from '../state';
import type { Tx } from '../tx';
import { vmClear } from '../mm/vm_flags';

export function dupUserfaultfd(tx: Tx, parent: string, child: string, vma: Vma): void {
  void tx;
  void parent;
  void child;
  if (vma.uffd === null) return;
  vma.uffd = null;
  vma.flags = vmClear(vma.flags, VM_UFFD_MISSING + VM_UFFD_WP + VM_UFFD_MINOR);
}
