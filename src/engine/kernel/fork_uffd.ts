/**
 * dup_userfaultfd and dup_userfaultfd_complete (fs/userfaultfd.c), called by dup_mmap at fork.
 *
 * A VMA registered with a context that did not ask for UFFD_FEATURE_EVENT_FORK loses its
 * registration in the child. With EVENT_FORK the child's VMA keeps its mode and is registered with
 * a new context, one per parent context (same flags and features, already past UFFDIO_API), and
 * the parent's context gets UFFD_EVENT_FORK. The forking thread waits until the monitor reads it;
 * the read installs an fd for the new context in the reading process (lowest free number, O_CLOEXEC
 * and O_NONBLOCK as the parent context's), which is the message's `ufd`. Until then the child has
 * not been woken: it runs no step (checked on Linux 6.18: fork() does not return before the read).
 */
import type { Vma } from '../state';
import { emit, nextId, own, wVma, type Tx } from '../tx';
import { vmClear } from '../mm/vm_flags';
import { F, hasFeature, ufList, uffdCtx, wUffdCtx } from '../fs/userfaultfd';
import type { UffdCtx } from '../fs/userfaultfd_types';
import { UFFD_FLAGS_ALL } from '../fs/userfaultfd_register';
import { sleepOn } from './sched/wait';

export function dupUserfaultfd(tx: Tx, parent: string, child: string, vma: Vma): void {
  void parent;
  if (vma.uffd === null) return;
  const octx = uffdCtx(tx.s, vma.uffd);
  if (!hasFeature(octx, F.UFFD_FEATURE_EVENT_FORK)) {
    vma.uffd = null;
    vma.flags = vmClear(vma.flags, UFFD_FLAGS_ALL);
    return;
  }
  const l = ufList(tx);
  let fc = l.forks.find((f) => f.orig === octx.id);
  if (!fc) {
    const ctx: UffdCtx = {
      id: nextId(tx),
      proc: child,
      flags: octx.flags,
      apiDone: true,
      features: octx.features,
      pending: [],
      waiting: [],
      events: [],
      released: false,
    };
    tx.s.uffds = own(tx, tx.s.uffds);
    tx.s.uffds[ctx.id] = ctx;
    fc = { orig: octx.id, child: ctx.id };
    l.forks.push(fc);
    emit(tx, {
      kind: 'uffd_ctx',
      fn: 'dup_userfaultfd',
      path: ['copy_process', 'dup_mmap', 'dup_userfaultfd'],
      change: 'forked',
      uffd: ctx.id,
      proc: child,
    });
  }
  vma.uffd = fc.child;
}

/** dup_userfaultfd_complete: one UFFD_EVENT_FORK per parent context, waited for when fork ends. */
export function dupUserfaultfdComplete(tx: Tx, parent: string, child: string): void {
  void parent;
  const l = ufList(tx);
  if (l.forks.length === 0) return;
  for (const f of l.forks)
    l.events.push({ ctx: f.orig, msg: { event: 'UFFD_EVENT_FORK', forkCtx: f.child }, phase: 1 });
  l.forks = [];
  // The child does not run until fork returns in the parent (startForkChild).
  sleepOn(tx, child, 'main', tx, { kind: 'fork_child', parent });
}

/**
 * The parent's context went away before its FORK event was read: the child's VMAs lose the new
 * context (userfaultfd_event_wait_completion's release_new_ctx).
 */
export function releaseForkChildCtx(tx: Tx, ctxId: number): void {
  const ctx = uffdCtx(tx.s, ctxId);
  if (!ctx || ctx.released) return;
  wUffdCtx(tx, ctxId).released = true;
  const p = tx.s.procs[ctx.proc];
  if (!p || !p.alive) return;
  p.mm.vmas.forEach((v, i) => {
    if (v.uffd !== ctxId) return;
    const w = wVma(tx, ctx.proc, i);
    w.uffd = null;
    w.flags = vmClear(w.flags, UFFD_FLAGS_ALL);
  });
}
