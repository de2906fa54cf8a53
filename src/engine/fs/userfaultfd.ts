/**
 * userfaultfd contexts (fs/userfaultfd.c): the context, its wait queues, and handle_userfault, the
 * seam between the fault path and userspace fault handling.
 *
 * The rest of the interface lives beside it: userfaultfd_ioctl.ts (UFFDIO_API, REGISTER,
 * UNREGISTER and the dispatch of every request), userfaultfd_read.ts (read and poll),
 * userfaultfd_events.ts (the non-cooperative events and the threads that wait for them), and
 * mm/userfaultfd*.ts (the resolving ioctls: mfill_atomic_*, move_pages, mwriteprotect_range).
 *
 * What faultline keeps, as the kernel keeps it:
 * - fault_pending_wqh (`pending`): faults not yet read, oldest first; fault_wqh (`waiting`): faults
 *   read but not yet woken. A thread woken before its message is read takes the message with it
 *   (userfaultfd_wake_function's list_del_init), and a thread that faults again queues a new one.
 * - event_wqh (`events`): non-cooperative events not yet read. read(2) returns every pending fault
 *   before any event (userfaultfd_ctx_read looks at fault_pending_wqh first).
 * Simplified: one page per fault, no hugetlbfs, no THP; wake order is block order.
 */
import type { EngineState, Vma } from '../state';
import { PTE_UFFD_WP } from '../state';
import { emit, own, type Tx } from '../tx';
import { sig, type At, type FaultOutcome } from '../mm/fault';
import { getPte, setPte } from '../mm/rmap';
import { UFFD_FEATURE, UFFD_FLAGS } from '../../uapi';
import type { UffdCtx, UffdMsg, UffdQueued, UfList } from './userfaultfd_types';
import type { Sentence } from '../sentence';

export const F = UFFD_FEATURE;
export const O_NONBLOCK = UFFD_FLAGS.O_NONBLOCK;
export const O_CLOEXEC = UFFD_FLAGS.O_CLOEXEC;
export const UFFD_USER_MODE_ONLY = UFFD_FLAGS.UFFD_USER_MODE_ONLY;

export const UFFD_PAGEFAULT_FLAG_WRITE = 1;
export const UFFD_PAGEFAULT_FLAG_WP = 2;
export const UFFD_PAGEFAULT_FLAG_MINOR = 4;

/** Where a fault happens; `kernel` marks a fault taken by the kernel on a user address (GUP, copy_from_user). */
export interface UffdAt extends At {
  kernel?: boolean;
}

export function uffdCtx(s: EngineState, id: number): UffdCtx {
  return s.uffds[id]!;
}

/** Whether a userfaultfd context not yet released belongs to the process named `proc`. */
export function liveUffdOf(s: EngineState, proc: string): boolean {
  return Object.values(s.uffds).some((c) => {
    const ctx = c as UffdCtx;
    return ctx.proc === proc && !ctx.released;
  });
}

export function wUffdCtx(tx: Tx, id: number): UffdCtx {
  tx.s.uffds = own(tx, tx.s.uffds);
  const c = own(tx, tx.s.uffds[id]!);
  tx.s.uffds[id] = c;
  return c;
}

/** The running syscall's userfaultfd lists (the kernel's `uf`), made on first use. */
export function ufList(tx: Tx): UfList {
  return (tx.uf ??= { events: [], forks: [], remove: null, ack: null, gup: null });
}

export function hasFeature(ctx: UffdCtx, feature: number): boolean {
  return (ctx.features & feature) !== 0;
}

/** Whether the thread still sleeps in handle_userfault on this context (it may have exited). */
function faultLive(s: EngineState, ctxId: number, f: UffdQueued): boolean {
  const p = s.procs[f.proc];
  const b = p && p.alive ? p.threads[f.thread]?.blocked : null;
  return !!b && b.wait.kind === 'userfault' && b.wait.uffd === ctxId;
}

/** The faults still pending on a context (a thread that exited took its message away). */
export function livePending(s: EngineState, ctx: UffdCtx): UffdQueued[] {
  return ctx.pending.filter((f) => faultLive(s, ctx.id, f));
}

/** The pagefault message's address: page-masked unless UFFD_FEATURE_EXACT_ADDRESS. */
function msgAddress(ctx: UffdCtx, addr: number, pageSize: number): number {
  return hasFeature(ctx, F.UFFD_FEATURE_EXACT_ADDRESS) ? addr : addr - (addr % pageSize);
}

/**
 * Whether a write-protect fault on this VMA is resolved by the kernel alone (UFFD_FEATURE_WP_ASYNC).
 */
export function uffdWpAsync(s: EngineState, vma: Vma): boolean {
  return vma.uffd !== null && hasFeature(uffdCtx(s, vma.uffd), F.UFFD_FEATURE_WP_ASYNC);
}

/**
 * UFFD_FEATURE_WP_ASYNC: do_wp_page clears the PTE's uffd-wp bit itself and goes on with the same
 * fault (reuse or copy), with no message and no sleep (mm/memory.c, do_wp_page: "userfaultfd_wp_async";
 * Documentation/admin-guide/mm/userfaultfd.rst, "Write Protect Notifications"). One fault, not two.
 * Returns the PTE as the rest of do_wp_page sees it.
 */
export function wpAsyncClear(tx: Tx, proc: string, page: number): number {
  const pte = getPte(tx.s, proc, page) & ~PTE_UFFD_WP;
  setPte(tx, proc, page, pte);
  const ps = tx.s.machine.pageSize;
  emit(tx, {
    kind: 'uffd_wp_changed',
    fn: 'do_wp_page',
    path: ['handle_mm_fault', 'do_wp_page'],
    start: page,
    end: page + ps,
    wp: false,
  });
  return pte;
}

/**
 * handle_userfault: queue a UFFD_EVENT_PAGEFAULT on the VMA's context and put the thread to sleep
 * until a resolving ioctl (or UFFDIO_WAKE, UNREGISTER, close) wakes it.
 * - UFFD_FEATURE_SIGBUS: no message, VM_FAULT_SIGBUS (SIGBUS/BUS_ADRERR for a user access).
 * - UFFD_USER_MODE_ONLY and a kernel access (copy_from_user, GUP): VM_FAULT_SIGBUS.
 * (UFFD_FEATURE_WP_ASYNC never gets here: do_wp_page clears the bit itself, wpAsyncClear.)
 */
export function handleUserfault(
  tx: Tx,
  at: UffdAt,
  vma: Vma,
  addr: number,
  write: boolean,
  reason: 'missing' | 'wp' | 'minor',
): FaultOutcome {
  const id = vma.uffd!;
  const ctx = uffdCtx(tx.s, id);
  const ps = tx.s.machine.pageSize;
  const path = ['handle_mm_fault', 'handle_userfault'];
  if (hasFeature(ctx, F.UFFD_FEATURE_SIGBUS) || (at.kernel && ctx.flags & UFFD_USER_MODE_ONLY)) {
    if (!at.kernel)
      emit(tx, {
        kind: 'signal',
        fn: 'handle_userfault',
        path,
        signal: 'SIGBUS',
        si_code: 'BUS_ADRERR',
        addr,
      });
    return sig('SIGBUS', 'BUS_ADRERR');
  }
  let flags = write ? UFFD_PAGEFAULT_FLAG_WRITE : 0;
  if (reason === 'wp') flags |= UFFD_PAGEFAULT_FLAG_WP;
  if (reason === 'minor') flags |= UFFD_PAGEFAULT_FLAG_MINOR;
  const msg: UffdMsg = { event: 'UFFD_EVENT_PAGEFAULT', flags, address: msgAddress(ctx, addr, ps) };
  if (hasFeature(ctx, F.UFFD_FEATURE_THREAD_ID)) msg.ptid = at.thread;
  const w = wUffdCtx(tx, id);
  // A thread has one wait at a time: drop any stale entry it left (it exited, or was killed).
  const live = (f: UffdQueued) =>
    faultLive(tx.s, id, f) && !(f.proc === at.proc && f.thread === at.thread);
  const msgId = tx.s.nextId++;
  w.pending = [...w.pending.filter(live), { id: msgId, proc: at.proc, thread: at.thread, msg }];
  w.waiting = w.waiting.filter(live);
  emit(tx, {
    kind: 'uffd_msg_queued',
    fn: 'handle_userfault',
    path,
    uffd: id,
    msg: msgId,
    event: msg.event,
    addr: msg.address,
  });
  emit(tx, {
    kind: 'thread_blocked',
    fn: 'handle_userfault',
    path,
    proc: at.proc,
    thread: at.thread,
    addr,
    uffd: id,
  });
  return { kind: 'blocked', uffd: id };
}

/** A `uffd_msg_queued` event: handle_userfault (or an event of a non-cooperative monitor) queued a message. */
export const uffdMsgQueuedSentence: Sentence<'uffd_msg_queued'> = (e, at) =>
  `A ${e.event} message${e.addr !== undefined ? ` for ${at(e.addr)}` : ''} was queued on the userfaultfd, for the handler to read.`;

/**
 * A `thread_blocked` event: handle_userfault put the faulting thread to sleep, or (a
 * non-cooperative event: fork, mremap, madvise, munmap) userfaultfd_event_wait_completion did.
 */
export const threadBlockedSentence: Sentence<'thread_blocked'> = (e, at) =>
  e.fn === 'handle_userfault'
    ? `Thread ${e.thread} of ${e.proc} now sleeps in the kernel (handle_userfault) until the handler resolves ${at(e.addr)} and wakes it, or the userfaultfd is closed.`
    : `Thread ${e.thread} of ${e.proc} now sleeps in the kernel (${e.fn}) until the monitor has read the event's message, or the userfaultfd is closed; then its call goes on.`;

/**
 * __wake_userfault's bookkeeping: the faults whose message address lies in [start, start+len)
 * (len 0: all) leave both wait queues. The threads themselves are woken by userfaultfd_wake.ts.
 */
export function dropWokenFaults(tx: Tx, ctxId: number, start: number, len: number): void {
  const ctx = uffdCtx(tx.s, ctxId);
  if (!ctx) return;
  const hit = (f: UffdQueued) =>
    len === 0 || (f.msg.address! >= start && f.msg.address! < start + len);
  if (!ctx.pending.some(hit) && !ctx.waiting.some(hit)) return;
  const w = wUffdCtx(tx, ctxId);
  w.pending = w.pending.filter((f) => !hit(f));
  w.waiting = w.waiting.filter((f) => !hit(f));
}
