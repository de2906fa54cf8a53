/**
 * Non-cooperative events (fs/userfaultfd.c): UFFD_EVENT_FORK, REMAP, REMOVE and UNMAP, each sent
 * only to a context that asked for its feature bit, and the threads that wait for them.
 *
 * The thread that forks, mremaps, madvises or munmaps sleeps in userfaultfd_event_wait_completion
 * until the monitor reads the event (Linux 6.18, checked): its step records `blocked`; the `read`
 * that returns the event wakes it, and it goes on when the step loop runs it (format section 4,
 * kernel/sched/core.ts). While an event is prepared and not yet read, the context's mmap_changing
 * is raised and the resolving ioctls fail with EAGAIN.
 *
 * A syscall collects its events while it runs, as the kernel's `uf` lists do, and waits for them
 * one by one when it ends (userfaultfdStepEnd), in the kernel's order: for mremap, the UNMAP of the
 * destination, then REMAP, then the UNMAPs of a shrunk tail and of the old range. Each later event
 * is queued only once the earlier one has been read. MADV_DONTNEED and MADV_REMOVE wait inside the
 * call (userfaultfd_remove drops mmap_lock) and zap only after the read: madvise_uffd.ts.
 */
import type { BlockedOn, EngineState } from '../state';
import { emit, nextId, own, wThread, type Tx } from '../tx';
import type { Fields } from '../fields';
import { vmasIn } from '../mm/vma';
import { symbolize } from '../symbols';
import { F, hasFeature, ufList, uffdCtx, wUffdCtx } from './userfaultfd';
import type { EventFields, PendingEvent, UffdMsg, UffdQueued } from './userfaultfd_types';
import type { EventCont, Wait } from '../kernel/sched/types';
import { sleepOn, wakeUpThread } from '../kernel/sched/wait';
import { releaseForkChildCtx } from '../kernel/fork_uffd';

type EventWait = Extract<Wait, { kind: 'uffd_event' }>;

export function eventWaitOf(b: BlockedOn | null | undefined): EventWait | null {
  return b?.wait.kind === 'uffd_event' ? b.wait : null;
}

/** Every thread asleep in userfaultfd_event_wait_completion, in block order. */
function eventWaiters(
  s: EngineState,
): { proc: string; thread: string; b: BlockedOn; w: EventWait }[] {
  const out: { proc: string; thread: string; b: BlockedOn; w: EventWait }[] = [];
  for (const pname of s.procOrder) {
    const p = s.procs[pname]!;
    if (!p.alive) continue;
    for (const tname of p.threadOrder) {
      const b = p.threads[tname]!.blocked;
      const w = eventWaitOf(b);
      if (b && w) out.push({ proc: pname, thread: tname, b, w });
    }
  }
  return out.sort((x, y) => x.b.seq - y.b.seq);
}

/** The context's queued events whose thread still waits (one killed took its event away). */
export function liveEvents(s: EngineState, ctxId: number): UffdQueued[] {
  const ids = new Set(eventWaiters(s).map((x) => x.w.event));
  return uffdCtx(s, ctxId).events.filter((e) => ids.has(e.id));
}

/** ctx->mmap_changing: events prepared for this context and not yet read. */
export function mmapChanging(s: EngineState, ctxId: number): number {
  let n = 0;
  for (const { w } of eventWaiters(s)) {
    if (w.uffd === ctxId) n++;
    if (w.then.kind === 'syscall_return') n += w.then.pending.filter((e) => e.ctx === ctxId).length;
  }
  return n;
}

const EVENT_PATH = ['userfaultfd_event_wait_completion'];

/** Queues an event on event_wqh; returns its id. */
function queueEvent(
  tx: Tx,
  ctxId: number,
  msg: UffdMsg,
  proc: string,
  thread: string,
  fn: string,
): number {
  const id = nextId(tx);
  const w = wUffdCtx(tx, ctxId);
  w.events = [...w.events, { id, proc, thread, msg }];
  emit(tx, {
    kind: 'uffd_msg_queued',
    fn,
    path: [fn, ...EVENT_PATH],
    uffd: ctxId,
    msg: id,
    event: msg.event,
    addr: msg.start ?? msg.from,
  });
  return id;
}

const EVENT_FN: Record<string, string> = {
  UFFD_EVENT_FORK: 'dup_userfaultfd_complete',
  UFFD_EVENT_REMAP: 'mremap_userfaultfd_complete',
  UFFD_EVENT_REMOVE: 'userfaultfd_remove',
  UFFD_EVENT_UNMAP: 'userfaultfd_unmap_complete',
};

/**
 * userfaultfd_event_wait_completion for the next event of a syscall: queue it and put the thread
 * to sleep; an event for a released context is skipped. False when nothing is left to wait for.
 */
export function waitNextEvent(
  tx: Tx,
  proc: string,
  thread: string,
  at: Pick<BlockedOn, 'seq' | 'path' | 'do'>,
  pending: PendingEvent[],
  cont: (rest: PendingEvent[]) => EventCont,
): boolean {
  const rest = [...pending];
  while (rest.length) {
    const e = rest.shift()!;
    const ctx = uffdCtx(tx.s, e.ctx);
    if (!ctx || ctx.released) {
      if (e.msg.forkCtx !== undefined) releaseForkChildCtx(tx, e.msg.forkCtx);
      continue;
    }
    const fn = EVENT_FN[e.msg.event]!;
    const id = queueEvent(tx, e.ctx, e.msg, proc, thread, fn);
    sleepOn(tx, proc, thread, at, { kind: 'uffd_event', uffd: e.ctx, event: id, then: cont(rest) });
    emit(tx, {
      kind: 'thread_blocked',
      fn: 'userfaultfd_event_wait_completion',
      path: [fn, ...EVENT_PATH],
      proc,
      thread,
      addr: 0,
      uffd: e.ctx,
    });
    return true;
  }
  return false;
}

/**
 * userfaultfd_unmap_prep: munmap (and mmap MAP_FIXED, mremap) tell each context that asked for
 * UFFD_FEATURE_EVENT_UNMAP and has a VMA in the range, once, with the whole range of the call.
 */
export function userfaultfdUnmapPrep(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
  fn: string,
): void {
  if (fn === 'exit_mmap') return;
  const mm = tx.s.procs[proc]!.mm;
  const l = ufList(tx);
  for (const i of vmasIn(mm, start, end)) {
    const ctxId = mm.vmas[i]!.uffd;
    if (ctxId === null) continue;
    const ctx = uffdCtx(tx.s, ctxId);
    if (ctx.released || !hasFeature(ctx, F.UFFD_FEATURE_EVENT_UNMAP)) continue;
    if (
      l.events.some(
        (e) =>
          e.ctx === ctxId &&
          e.msg.event === 'UFFD_EVENT_UNMAP' &&
          e.msg.start === start &&
          e.msg.end === end,
      )
    )
      continue;
    // mremap unmaps the old range last (uf_unmap), after REMAP; everything else comes first.
    l.events.push({
      ctx: ctxId,
      msg: { event: 'UFFD_EVENT_UNMAP', start, end },
      phase: fn === 'move_vma' ? 2 : 0,
    });
  }
}

/**
 * At the end of every step: a syscall that prepared events waits for the first of them (its record
 * says `blocked`; its result is printed when the last event is read), and woken threads' records
 * are put in block order, as the cross-check's driver prints them.
 */
export function userfaultfdStepEnd(tx: Tx, fields: Fields, as?: string): Fields {
  if (tx.woken.length > 1) tx.woken.sort((a, b) => a.seq - b.seq);
  const l = tx.uf;
  const me = tx.s.procs[tx.proc]?.threads[tx.thread];
  if (l && l.events.length && me && tx.s.procs[tx.proc]!.alive) {
    // mremap_to's shrink of the old tail goes on uf_unmap, after REMAP: its range starts where the
    // REMAP's (already shrunk) old range ends.
    for (const e of l.events) {
      const remap = l.events.find((r) => r.msg.event === 'UFFD_EVENT_REMAP' && r.ctx === e.ctx);
      if (
        e.msg.event === 'UFFD_EVENT_UNMAP' &&
        remap &&
        e.msg.start === remap.msg.from! + remap.msg.len!
      )
        e.phase = 2;
    }
    const pending = [...l.events].sort((a, b) => a.phase - b.phase);
    l.events = [];
    const result: EventFields = { ret: fields.ret ?? 0, errno: fields.errno ?? null };
    if (fields.retAddr !== undefined) result.retAddr = fields.retAddr;
    // The program binds the result when the call returns, so names bound meanwhile do not see it.
    if (as !== undefined && fields.bind?.kind !== 'proc') result.as = as;
    const child = tx.do === 'fork' && typeof fields.ret === 'string' ? fields.ret : undefined;
    const cont = (rest: PendingEvent[]): EventCont => ({
      kind: 'syscall_return',
      pending: rest,
      fields: result,
      ...(child ? { child } : {}),
    });
    if (waitNextEvent(tx, tx.proc, tx.thread, tx, pending, cont)) {
      return fields.bind?.kind === 'proc'
        ? { blocked: true, bind: fields.bind }
        : { blocked: true };
    }
    if (child) startForkChild(tx, child);
  }
  // The syscall itself went to sleep (madvise waiting for its REMOVE event, or for a userfault).
  if (me && tx.s.procs[tx.proc]!.threads[tx.thread]!.blocked && !fields.blocked)
    return { blocked: true };
  return fields;
}

/** The fork is done: the child process starts running. */
export function startForkChild(tx: Tx, child: string): void {
  const t = tx.s.procs[child]?.threads.main;
  if (t?.blocked?.wait.kind === 'fork_child') wThread(tx, child, 'main').blocked = null;
}

/**
 * userfaultfd_event_complete: the event was read (or its context released): the waiting thread
 * becomes runnable, and goes on with its syscall when it runs (resumeEventWait, madvise_resume.ts).
 */
export function completeEvent(tx: Tx, eventId: number, how: 'read' | 'released'): void {
  const x = eventWaiters(tx.s).find((y) => y.w.event === eventId);
  if (!x) return;
  const { proc, thread } = x;
  emit(tx, {
    kind: 'thread_woken',
    fn: how === 'read' ? 'userfaultfd_event_complete' : 'userfaultfd_release',
    path:
      how === 'read'
        ? ['userfaultfd_read_iter', 'userfaultfd_ctx_read', 'userfaultfd_event_complete']
        : ['userfaultfd_release', 'wake_up_all'],
    proc,
    thread,
    addr: 0,
  });
  wakeUpThread(tx, proc, thread);
}

/**
 * A syscall's event was read and its thread runs again: it waits for the syscall's next event, or
 * returns (binding its `as`; a fork starts its child). Returns the syscall's fields, or null when
 * the thread sleeps again.
 */
export function resumeEventWait(
  tx: Tx,
  b: BlockedOn,
  cont: Extract<EventCont, { kind: 'syscall_return' }>,
): Omit<Fields, 'bind' | 'retAddr'> | null {
  const next = (rest: PendingEvent[]): EventCont => ({ ...cont, pending: rest });
  if (waitNextEvent(tx, tx.proc, tx.thread, b, cont.pending, next)) return null;
  if (cont.child) startForkChild(tx, cont.child);
  const f = cont.fields;
  if (f.as !== undefined) {
    tx.s.bindings = own(tx, tx.s.bindings);
    tx.s.bindings[f.as] =
      f.retAddr !== undefined
        ? { kind: 'addr', value: f.retAddr, seq: tx.seq }
        : { kind: 'int', value: Number(f.ret) };
  }
  return { ret: f.retAddr !== undefined ? symbolize(tx.s, f.retAddr) : f.ret, errno: f.errno };
}

/** The context is released: every thread waiting for one of its events goes on (and FORK children lose theirs). */
export function releaseEventWaiters(tx: Tx, ctxId: number): void {
  const ctx = uffdCtx(tx.s, ctxId);
  for (const e of ctx.events)
    if (e.msg.forkCtx !== undefined) releaseForkChildCtx(tx, e.msg.forkCtx);
  const ids = ctx.events.map((e) => e.id);
  wUffdCtx(tx, ctxId).events = [];
  for (const id of ids) completeEvent(tx, id, 'released');
}
