/**
 * The userfaultfd state as plain data (struct userfaultfd_ctx and its wait queues, struct uffd_msg,
 * the events a syscall prepares): types only, so that the engine's state can hold them and every
 * layer can name them. The behaviour is in fs/userfaultfd*.ts and mm/userfaultfd*.ts.
 */

export type UffdEventName =
  | 'UFFD_EVENT_PAGEFAULT'
  | 'UFFD_EVENT_FORK'
  | 'UFFD_EVENT_REMAP'
  | 'UFFD_EVENT_REMOVE'
  | 'UFFD_EVENT_UNMAP';

/** struct uffd_msg, as the engine keeps it (addresses raw; printed symbolically when read). */
export interface UffdMsg {
  event: UffdEventName;
  /** PAGEFAULT: UFFD_PAGEFAULT_FLAG_* */
  flags?: number;
  address?: number;
  /** PAGEFAULT with UFFD_FEATURE_THREAD_ID: the faulting thread's name. */
  ptid?: string;
  /** FORK: the child's context; the read that returns the message makes it an fd (`ufd`). */
  forkCtx?: number;
  /** REMAP */
  from?: number;
  to?: number;
  len?: number;
  /** REMOVE, UNMAP */
  start?: number;
  end?: number;
}

/**
 * A queued message and the thread it belongs to: a fault (struct userfaultfd_wait_queue, the
 * thread asleep in handle_userfault) or an event (the thread asleep in
 * userfaultfd_event_wait_completion).
 */
export interface UffdQueued {
  id: number;
  proc: string;
  thread: string;
  msg: UffdMsg;
}

/** struct userfaultfd_ctx */
export interface UffdCtx {
  id: number;
  /** The process whose mm this context serves (ctx->mm). */
  proc: string;
  /** userfaultfd(2) flags: O_CLOEXEC, O_NONBLOCK, UFFD_USER_MODE_ONLY. */
  flags: number;
  /** UFFDIO_API done (UFFD_FEATURE_INITIALIZED). */
  apiDone: boolean;
  /** The features this context asked for (WP_ASYNC implies WP_UNPOPULATED). */
  features: number;
  /** fault_pending_wqh: faults not yet read, oldest first. */
  pending: UffdQueued[];
  /** fault_wqh: faults read, their threads still asleep. */
  waiting: UffdQueued[];
  /** event_wqh: non-cooperative events not yet read, oldest first. */
  events: UffdQueued[];
  /** userfaultfd_release has run: the last fd is closed. */
  released: boolean;
}

/** An event a syscall has prepared (userfaultfd_*_prep) and will wait for when it ends. */
export interface PendingEvent {
  ctx: number;
  msg: UffdMsg;
  /** Wait order within a syscall: 0 early unmaps, 1 REMAP and FORK, 2 late unmaps. */
  phase: number;
}

/** The result of a syscall that waits for its events, printed when the last one is read. */
export interface EventFields {
  ret: number | string;
  errno: string | null;
  /** ret is an address, printed relative to the named mappings when the thread resumes. */
  retAddr?: number;
  /** The step's `as`, bound when the syscall returns (after its events are read). */
  as?: string;
}

/** A userfaultfd range: REMOVE's piece of a VMA, acknowledged or to be sent. */
export interface UffdRange {
  ctx: number;
  start: number;
  end: number;
}

/**
 * Per-syscall userfaultfd bookkeeping, as the kernel keeps it on the syscall's stack: the `uf`
 * lists of events to send when the call ends and the fork contexts (struct userfaultfd_fork_ctx).
 */
export interface UfList {
  events: PendingEvent[];
  forks: { orig: number; child: number }[];
  /** userfaultfd_remove asked madvise to stop here. */
  remove: UffdRange | null;
  /** A REMOVE already read: madvise resumes past it without sending it again. */
  ack: UffdRange | null;
  /** MADV_POPULATE_* took a userfault: the thread sleeps in handle_userfault (madvise_uffd.ts). */
  gup: { uffd: number; addr: number; write: boolean } | null;
}
