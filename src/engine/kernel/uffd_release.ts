/**
 * userfaultfd_release: the last close of a userfaultfd unregisters every range it served and
 * wakes the threads that wait on it; their faults are then retried as ordinary faults.
 */
import { VM_UFFD_MINOR, VM_UFFD_MISSING, VM_UFFD_WP } from '../state';
import { own, wVma, type Tx } from '../tx';
import { wUffdCtx } from '../fs/userfaultfd';
import { wakeRange } from './wake';
import { vmClear } from '../mm/vm_flags';

export function releaseUffd(tx: Tx, ctxId: number): void {
  const ctx = wUffdCtx(tx, ctxId);
  ctx.released = true;
  ctx.msgs = [];
  const proc = tx.s.procs[ctx.proc];
  if (proc && proc.alive) {
    proc.mm.vmas.forEach((v, i) => {
      if (v.uffd !== ctxId) return;
      const w = wVma(tx, ctx.proc, i);
      w.uffd = null;
      w.flags = vmClear(w.flags, VM_UFFD_MISSING + VM_UFFD_WP + VM_UFFD_MINOR);
    });
  }
  wakeRange(tx, ctxId, 0, Number.MAX_SAFE_INTEGER);
  tx.s.uffds = own(tx, tx.s.uffds);
}
