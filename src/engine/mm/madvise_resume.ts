/**
 * A madvise that slept goes on (mm/madvise.c with fs/userfaultfd.c): after its UFFD_EVENT_REMOVE
 * was read (madvise_dontneed_free looks the VMA up again and zaps), or after the userfault its
 * MADV_POPULATE_* took was resolved (GUP retries the page). faultline runs madvise again from the
 * piece it stopped at, in the sleeping thread's context (kernel/sched/core.ts calls these): the
 * REMOVE already read is acknowledged so that it is not sent twice, and pages already populated
 * are skipped. A hole met before the thread slept still makes the result ENOMEM.
 */
import { emit, wThread, type Tx } from '../tx';
import type { Fields } from '../fields';
import type { SysResult } from '../syscall';
import type { EventCont, FaultRetry } from '../kernel/sched/types';
import { ufList } from '../fs/userfaultfd';
import { sysMadvise } from './madvise';

type Resumed = Omit<Fields, 'bind' | 'retAddr'>;

/** Runs madvise over [start, end) in the current thread's context. */
function rerun(
  tx: Tx,
  start: number,
  end: number,
  advice: number,
  ack: Extract<EventCont, { kind: 'madvise' }>['ack'] | null,
): SysResult {
  const l = ufList(tx);
  l.ack = ack;
  try {
    return sysMadvise(tx, start, end - start, advice);
  } finally {
    l.ack = null;
  }
}

/**
 * If madvise went to sleep again, it keeps what the first part of the range found (a hole) in its
 * new continuation; returns whether it sleeps.
 */
function asleepAgain(tx: Tx, unmapped: boolean): boolean {
  const again = tx.s.procs[tx.proc]?.threads[tx.thread]?.blocked;
  if (!again) return false;
  if (!unmapped) return true;
  const w = again.wait;
  if (w.kind === 'userfault' && w.retry.kind === 'madvise_populate')
    wThread(tx, tx.proc, tx.thread).blocked = {
      ...again,
      wait: { ...w, retry: { ...w.retry, unmapped: true } },
    };
  else if (w.kind === 'uffd_event' && w.then.kind === 'madvise')
    wThread(tx, tx.proc, tx.thread).blocked = {
      ...again,
      wait: { ...w, then: { ...w.then, unmapped: true } },
    };
  return true;
}

function finalFields(r: SysResult, unmapped: boolean): Resumed {
  // madvise_walk_vmas: a hole anywhere in the range makes the result ENOMEM.
  return unmapped && r.ret === 0 ? { ret: -1, errno: 'ENOMEM' } : { ret: r.ret, errno: r.errno };
}

/** The REMOVE was read: madvise goes on from the piece it stopped at. Null: asleep again. */
export function resumeMadvise(
  tx: Tx,
  cont: Extract<EventCont, { kind: 'madvise' }>,
): Resumed | null {
  emit(tx, {
    kind: 'note',
    fn: 'madvise_dontneed_free',
    text: 'madvise goes on after its UFFD_EVENT_REMOVE was read',
  });
  const r = rerun(tx, cont.start, cont.end, cont.advice, cont.ack);
  return asleepAgain(tx, cont.unmapped) ? null : finalFields(r, cont.unmapped);
}

/** A MADV_POPULATE_* asleep in handle_userfault was woken: it goes on. Null: asleep again. */
export function resumeMadvisePopulate(
  tx: Tx,
  retry: Extract<FaultRetry, { kind: 'madvise_populate' }>,
): Resumed | null {
  const r = rerun(tx, retry.start, retry.end, retry.advice, null);
  return asleepAgain(tx, retry.unmapped) ? null : finalFields(r, retry.unmapped);
}
