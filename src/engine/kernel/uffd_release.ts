/**
 * userfaultfd_release: the last close of a userfaultfd unregisters every range it served (clearing
 * uffd-wp bits and markers as UNREGISTER does; poison markers stay), then wakes every thread that
 * waits on it: a faulting thread retries as an ordinary fault, a thread waiting for an event read
 * goes on with its syscall. Checked on Linux 6.18. (A fork waiting for its FORK event holds the
 * file in the child's fd table, so closing the parent's fd does not release it.)
 */
import { emit, wVma, type Tx } from '../tx';
import { vmClear } from '../mm/vm_flags';
import { mergeAround } from '../mm/vma';
import { uffdWpRange } from '../mm/userfaultfd_wp';
import { uffdCtx, wUffdCtx } from '../fs/userfaultfd';
import { wakeUserfault } from '../fs/userfaultfd_wake';
import { releaseEventWaiters } from '../fs/userfaultfd_events';
import { UFFD_FLAGS_ALL, uffdModes } from '../fs/userfaultfd_register';

export function releaseUffd(tx: Tx, ctxId: number): void {
  const ctx = uffdCtx(tx.s, ctxId);
  if (!ctx || ctx.released) return;
  wUffdCtx(tx, ctxId).released = true;
  const proc = tx.s.procs[ctx.proc];
  if (proc && proc.alive) {
    const ps = tx.s.machine.pageSize;
    const mine = proc.mm.vmas.filter((v) => v.uffd === ctxId).map((v) => [v.start, v.end] as const);
    for (const [start, end] of mine) {
      const i = proc.mm.vmas.findIndex((v) => v.start === start);
      const v = tx.s.procs[ctx.proc]!.mm.vmas[i]!;
      if (uffdModes(v) & 2) uffdWpRange(tx, ctx.proc, v, start, end, false, 'userfaultfd_release');
      const w = wVma(tx, ctx.proc, i);
      w.uffd = null;
      w.flags = vmClear(w.flags, UFFD_FLAGS_ALL);
    }
    for (const [start, end] of mine) mergeAround(tx, ctx.proc, start, end, ps);
  }
  emit(tx, {
    kind: 'uffd_ctx',
    fn: 'userfaultfd_release',
    path: ['fput', 'userfaultfd_release'],
    change: 'released',
    uffd: ctxId,
  });
  wakeUserfault(tx, ctxId, 0, 0, 'userfaultfd_release');
  releaseEventWaiters(tx, ctxId);
}
