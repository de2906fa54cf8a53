/**
 * wake_userfault (fs/userfaultfd.c): wake the threads asleep in handle_userfault whose fault lies in
 * [start, start+len) of a context (len 0: every one, as userfaultfd_release does). Their messages
 * leave the wait queues, read or not. A woken thread only becomes runnable: once the waker's call
 * returns, it retries its access in its own context (kernel/sched/core.ts), and may fault again.
 *
 * `by` is the caller: an ioctl's handler (userfaultfd_copy, userfaultfd_move, userfaultfd_wake...),
 * which calls wake_userfault (→ __wake_userfault), or userfaultfd_release, which wakes the queues
 * itself. A fault whose message is still unread sleeps on fault_pending_wqh
 * (__wake_up_locked_key); one already read was moved to fault_wqh (__wake_up).
 *
 * The kernel's wake order is the scheduler's; faultline runs threads in the order they blocked,
 * so that runs are deterministic.
 */
import type { BlockedOn } from '../state';
import { emit, type Tx } from '../tx';
import { wakeUpThread } from '../kernel/sched/wait';
import { dropWokenFaults, uffdCtx } from './userfaultfd';
import type { Sentence } from '../sentence';

export function wakeUserfault(
  tx: Tx,
  ctxId: number,
  start: number,
  len: number,
  by: string,
): number {
  const unread = new Set(
    (uffdCtx(tx.s, ctxId)?.pending ?? [])
      .filter((f) => len === 0 || (f.msg.address! >= start && f.msg.address! < start + len))
      .map((f) => `${f.proc}/${f.thread}`),
  );
  dropWokenFaults(tx, ctxId, start, len);
  const end = len === 0 ? Number.MAX_SAFE_INTEGER : start + len;
  const ps = tx.s.machine.pageSize;
  const sleepers: { proc: string; thread: string; b: BlockedOn; addr: number }[] = [];
  for (const pname of tx.s.procOrder) {
    const p = tx.s.procs[pname]!;
    if (!p.alive) continue;
    for (const tname of p.threadOrder) {
      const b = p.threads[tname]!.blocked;
      // Only faults sleep on fault_wqh: a thread waiting for an event read is not woken here.
      if (!b || b.wait.kind !== 'userfault' || b.wait.uffd !== ctxId) continue;
      const page = b.wait.addr - (b.wait.addr % ps);
      if (page + ps <= start || page >= end) continue;
      sleepers.push({ proc: pname, thread: tname, b, addr: b.wait.addr });
    }
  }
  sleepers.sort((x, y) => x.b.seq - y.b.seq);
  const chain = by === 'userfaultfd_release' ? [by] : [by, 'wake_userfault', '__wake_userfault'];
  for (const { proc, thread, addr } of sleepers) {
    emit(tx, {
      kind: 'thread_woken',
      fn: by === 'userfaultfd_release' ? by : 'wake_userfault',
      path: [...chain, unread.has(`${proc}/${thread}`) ? '__wake_up_locked_key' : '__wake_up'],
      proc,
      thread,
      addr,
    });
    wakeUpThread(tx, proc, thread);
  }
  return sleepers.length;
}

/**
 * A `thread_woken` event: `path[0]` is the waker (an ioctl's handler, userfaultfd_release, or the
 * read that took an event's message: userfaultfd_events.ts completeEvent).
 */
export const threadWokenSentence: Sentence<'thread_woken'> = (e, at) => {
  const by = e.path?.[0] && e.path[0] !== e.fn ? `${e.path[0]} (${e.fn})` : e.fn;
  return e.fn === 'userfaultfd_event_complete' || e.addr === 0
    ? `Thread ${e.thread} of ${e.proc} was woken by ${by}: its call goes on when it runs.`
    : `Thread ${e.thread} of ${e.proc} was woken by ${by}: it is runnable again and retries its access at ${at(e.addr)}, which may fault again.`;
};
