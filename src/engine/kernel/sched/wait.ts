/**
 * Sleeping and waking (kernel/sched/wait.c): a thread that must wait records why and what it will
 * do next (a continuation, kernel/sched/types.ts); a waker only takes it off its wait and puts it
 * on the run queue. Nothing here runs a continuation: the step loop does (kernel/sched/core.ts),
 * each thread in its own context, after the waker's call returns.
 */
import type { BlockedOn, Wait } from './types';
import { pushTo, wThread, type Tx } from '../../tx';
import type { Fields } from '../../fields';

/** Puts a thread to sleep on `wait`, as part of the step `at` (whose record it will complete). */
export function sleepOn(
  tx: Tx,
  proc: string,
  thread: string,
  at: Pick<BlockedOn, 'seq' | 'path' | 'do'>,
  wait: Wait,
): void {
  wThread(tx, proc, thread).blocked = { seq: at.seq, path: at.path, do: at.do, wait };
}

/**
 * try_to_wake_up: the thread leaves its wait and becomes runnable; the step loop runs its
 * continuation. The caller says who woke it (its own `thread_woken` event).
 */
export function wakeUpThread(tx: Tx, proc: string, thread: string): void {
  const blocked = tx.s.procs[proc]!.threads[thread]!.blocked;
  if (!blocked) return;
  wThread(tx, proc, thread).blocked = null;
  pushTo(tx, 'runqueue', { proc, thread, blocked });
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
  pushTo(tx, 'woken', {
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
