/**
 * Waking threads that sleep in handle_userfault (userfaultfd_wake / __wake_up on the context's
 * fault_pending_wqh). A woken thread retries its access at once; its outcome becomes one more
 * record of the step that blocked it (format section 4: `"resumed": true`).
 *
 * The kernel's wake order is the scheduler's; faultline resumes threads in the order they blocked,
 * so that runs are deterministic.
 */
import type { BlockedOn } from '../state';
import { emit, wThread, type Tx } from '../tx';
import type { Fields } from '../fields';
import { resumeAccess } from '../access';
import { isFaultWait } from '../fs/userfaultfd';
import { kernelFaultKind, resumeKernelFault } from '../fs/userfaultfd_resume';

export function wakeRange(tx: Tx, ctxId: number, start: number, len: number): number {
  const sleepers: { proc: string; thread: string; b: BlockedOn }[] = [];
  for (const pname of tx.s.procOrder) {
    const p = tx.s.procs[pname]!;
    if (!p.alive) continue;
    for (const tname of p.threadOrder) {
      const b = p.threads[tname]!.blocked;
      // Only faults sleep on fault_wqh: a thread waiting for an event read is not woken here.
      if (!b || b.uffd !== ctxId || !isFaultWait(b)) continue;
      const page = b.addr - (b.addr % tx.s.machine.pageSize);
      if (page + tx.s.machine.pageSize <= start || page >= start + len) continue;
      sleepers.push({ proc: pname, thread: tname, b });
    }
  }
  sleepers.sort((x, y) => x.b.seq - y.b.seq);
  for (const { proc, thread, b } of sleepers) {
    // An earlier sleeper's resumption may have woken this one already.
    if (tx.s.procs[proc]!.threads[thread]!.blocked !== b) continue;
    wThread(tx, proc, thread).blocked = null;
    emit(tx, {
      kind: 'thread_woken',
      fn: 'userfaultfd_wake',
      path: ['userfaultfd_wake', '__wake_up'],
      proc,
      thread,
      addr: b.addr,
    });
    const mark = tx.events.length;
    // A thread the kernel faulted for (UFFDIO_COPY's source, MADV_POPULATE_*) goes on with its call.
    const at = { proc, thread };
    const fields = kernelFaultKind(b) ? resumeKernelFault(tx, at, b) : resumeAccess(tx, at, b);
    // Woken, faulted again, asleep again: still blocked, no record yet.
    if (fields.blocked) continue;
    pushResumed(tx, proc, thread, b, fields, tx.events.splice(mark));
  }
  return sleepers.length;
}

/**
 * The second record of a step whose thread slept and is now done (format section 4): the blocked
 * step's seq and path, `"resumed": true`, and what the resumed call did.
 */
export function pushResumed(
  tx: Tx,
  proc: string,
  thread: string,
  b: BlockedOn,
  fields: Omit<Fields, 'bind' | 'retAddr'>,
  events: Tx['events'],
): void {
  tx.woken.push({
    seq: b.seq,
    path: b.path,
    do: b.do,
    proc,
    thread,
    resumed: true,
    ...fields,
    events,
  });
}
