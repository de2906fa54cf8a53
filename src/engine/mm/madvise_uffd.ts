/**
 * userfaultfd_remove: MADV_DONTNEED and MADV_REMOVE tell a context that asked for
 * UFFD_FEATURE_EVENT_REMOVE (implemented with the rest of userfaultfd in fs/userfaultfd.ts).
 */
import type { Vma } from '../state';
import type { Tx } from '../tx';

export function userfaultfdRemove(
  tx: Tx,
  proc: string,
  vma: Vma,
  start: number,
  end: number,
): void {
  void tx;
  void proc;
  void vma;
  void start;
  void end;
}
