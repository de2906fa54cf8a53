/**
 * userfaultfd_remove (fs/userfaultfd.c), called by MADV_DONTNEED and MADV_REMOVE for each VMA
 * piece: a context that asked for UFFD_FEATURE_EVENT_REMOVE gets UFFD_EVENT_REMOVE with the piece's
 * start and end, and the madvising thread sleeps until the monitor reads it; only then are the
 * pages zapped (madvise_dontneed_free re-looks the VMA up and goes on). Checked on Linux 6.18: the
 * pages are still mapped while the thread waits, and a range over several registered VMAs sends
 * one event per VMA, each waited for in turn.
 *
 * faultline stops sysMadvise at the piece (UFFD_EVENT_WAIT), queues the event, and when it is read
 * runs madvise again from that piece on, with the event acknowledged so that it is not sent twice.
 */
import type { BlockedOn, Vma } from '../state';
import { emit, wThread, type Tx } from '../tx';
import { ok, type SysResult } from '../syscall';
import { F, hasFeature, uffdCtx } from '../fs/userfaultfd';
import { eventWaitOf, finishEventWait, ufList, waitNextEvent, type EventCont } from '../fs/userfaultfd_events';
import { sysMadvise } from './madvise';

/** applyAdvice's answer when the thread must wait for its REMOVE event to be read. */
export const UFFD_EVENT_WAIT = 'UFFD_EVENT_WAIT';

/** userfaultfd_remove: true when madvise must stop here and wait (the event is queued by madviseEventWait). */
export function userfaultfdRemove(tx: Tx, proc: string, vma: Vma, start: number, end: number): boolean {
  void proc;
  if (vma.uffd === null) return false;
  const ctx = uffdCtx(tx.s, vma.uffd);
  if (ctx.released || !hasFeature(ctx, F.UFFD_FEATURE_EVENT_REMOVE)) return false;
  const l = ufList(tx);
  if (l.ack && l.ack.ctx === vma.uffd && l.ack.start === start && l.ack.end === end) {
    l.ack = null;
    return false;
  }
  l.remove = { ctx: vma.uffd, start, end };
  return true;
}

/** madvise stopped at [start, …) for a REMOVE event: queue it and put the thread to sleep. */
export function madviseEventWait(tx: Tx, a: { start: number; end: number; advice: number; unmapped: boolean }): SysResult {
  const l = ufList(tx);
  const r = l.remove!;
  l.remove = null;
  const cont = (): EventCont => ({ op: 'madvise', ...a, ack: r });
  waitNextEvent(tx, tx.proc, tx.thread, tx, [{ ctx: r.ctx, msg: { event: 'UFFD_EVENT_REMOVE', start: r.start, end: r.end }, phase: 1 }], cont);
  return ok(0);
}

/** The REMOVE was read: madvise goes on from the piece it stopped at, as the thread that called it. */
export function resumeMadvise(
  tx: Tx,
  proc: string,
  thread: string,
  b: BlockedOn,
  cont: Extract<EventCont, { op: 'madvise' }>,
  mark: number,
): void {
  const saved = { proc: tx.proc, thread: tx.thread, seq: tx.seq, path: tx.path, do: tx.do };
  Object.assign(tx, { proc, thread, seq: b.seq, path: b.path, do: b.do });
  const l = ufList(tx);
  l.ack = cont.ack;
  let r: SysResult;
  try {
    r = sysMadvise(tx, cont.start, cont.end - cont.start, cont.advice);
  } finally {
    l.ack = null;
    Object.assign(tx, saved);
  }
  const again = tx.s.procs[proc]?.threads[thread]?.blocked;
  const w = eventWaitOf(again);
  if (again && w && w.cont.op === 'madvise') {
    // Waiting for the next VMA's REMOVE: keep what the first part of the range found.
    const resume = { ...w, cont: { ...w.cont, unmapped: w.cont.unmapped || cont.unmapped } };
    wThread(tx, proc, thread).blocked = { ...again, resume: resume as unknown as Record<string, unknown> };
    return;
  }
  // madvise_walk_vmas: a hole anywhere in the range makes the result ENOMEM.
  const fields = cont.unmapped && r.ret === 0 ? { ret: -1, errno: 'ENOMEM' } : { ret: r.ret, errno: r.errno };
  emit(tx, { kind: 'note', fn: 'madvise_dontneed_free', text: 'madvise goes on after its UFFD_EVENT_REMOVE was read' });
  finishEventWait(tx, proc, thread, b, fields, tx.events.splice(mark));
}
