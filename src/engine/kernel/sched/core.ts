/**
 * The step loop's scheduler (kernel/sched/core.c): runs the threads that were woken, each in its
 * own context, until none is runnable.
 *
 * A woken thread does what its continuation says (kernel/sched/types.ts): a fault retries the
 * access or the kernel call that took it (handle_userfault returned VM_FAULT_RETRY), an event wait
 * lets its syscall go on. A thread it wakes in turn joins the run queue, so wake-ups that lead to
 * more wake-ups are run too. A thread that finishes gives its step a second record (`resumed`,
 * format section 4); one that sleeps again leaves its events in the waker's record.
 */
import type { Fields } from '../../fields';
import type { Tx } from '../../tx';
import type { Runnable } from './types';
import { pushResumed } from './wait';
import { runAccess } from '../../access';
import { resumeIoctl } from '../../fs/userfaultfd_ioctl';
import { resumeEventWait } from '../../fs/userfaultfd_events';
import { resumeMadvise, resumeMadvisePopulate } from '../../mm/madvise_resume';

type Resumed = Omit<Fields, 'bind' | 'retAddr'>;

/** Runs every runnable thread, in the order they were woken, until the run queue is empty. */
export function schedule(tx: Tx): void {
  if (tx.runqueue.length === 0) return;
  for (let r = tx.runqueue.shift(); r; r = tx.runqueue.shift()) {
    // A thread of a process that died meanwhile (an OOM kill, exit) never runs again.
    if (!tx.s.procs[r.proc]?.alive) continue;
    runThread(tx, r);
  }
}

/** Switches the transaction to the thread and the step it slept in, and runs its continuation. */
function runThread(tx: Tx, r: Runnable): void {
  const b = r.blocked;
  const saved = { seq: tx.seq, path: tx.path, do: tx.do, proc: tx.proc, thread: tx.thread };
  const savedUf = tx.uf;
  Object.assign(tx, { seq: b.seq, path: b.path, do: b.do, proc: r.proc, thread: r.thread });
  tx.uf = null;
  const mark = tx.events.length;
  try {
    const fields = continueThread(tx, r);
    // Asleep again: no record yet; what it did so far shows in the waker's record.
    if (fields && !tx.s.procs[r.proc]!.threads[r.thread]!.blocked)
      pushResumed(tx, r.proc, r.thread, b, fields, tx.events.splice(mark));
  } finally {
    Object.assign(tx, saved);
    tx.uf = savedUf;
  }
}

/** The continuation of each way to sleep; null when the thread went back to sleep. */
function continueThread(tx: Tx, r: Runnable): Resumed | null {
  const w = r.blocked.wait;
  switch (w.kind) {
    case 'userfault': {
      const retry = w.retry;
      switch (retry.kind) {
        case 'access':
          return runAccess(tx, { proc: r.proc, thread: r.thread }, retry.op);
        case 'uffdio_copy':
          return resumeIoctl(tx, retry);
        case 'madvise_populate':
          return resumeMadvisePopulate(tx, retry);
        default:
          return assertNever(retry);
      }
    }
    case 'uffd_event':
      return w.then.kind === 'madvise'
        ? resumeMadvise(tx, w.then)
        : resumeEventWait(tx, r.blocked, w.then);
    case 'fork_child':
      // A child whose fork returned just runs its next step: there is nothing to finish.
      return null;
    default:
      return assertNever(w);
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled continuation ${JSON.stringify(x)}`);
}
