/**
 * How a thread sleeps, as plain data: what it waits on, and the continuation it runs once woken.
 *
 * In Linux a sleeping task keeps its kernel stack; when it is woken it only becomes runnable, and
 * it goes on in its own context when the scheduler picks it: handle_userfault returns
 * VM_FAULT_RETRY and the fault is taken again, userfaultfd_event_wait_completion returns and the
 * syscall finishes. faultline's state cannot hold a stack, so a blocked thread holds a typed
 * continuation instead: one variant per way to sleep, each saying what the thread does next.
 * Waking (kernel/sched/wait.ts) only makes the thread runnable; the step loop
 * (kernel/sched/core.ts) runs it.
 */
import type { EventFields, PendingEvent, UffdRange } from '../../fs/userfaultfd_types';

/** A CPU access in progress (access.ts): what a thread asleep in the middle of one retries. */
export interface AccessOp {
  /** settag: STG/ST2G/STZG/STZ2G/DC GZVA (a store for permissions); ldg: LDG (a load). */
  op: 'load' | 'store' | 'settag' | 'ldg';
  addr: number;
  length: number;
  /** store: the bytes to write. */
  bytes?: number[];
  /** store with `fill`: the repeating unit, as hex (memset for one byte); `length` bytes in all. */
  fill?: string;
  /** Bytes already done. */
  done: number;
  /** load: hex read so far; ldg: one hex digit per granule. */
  value: string;
  /** MTE: the pointer's logical tag (bits 59:56); settag: the tag to store. */
  tag?: number;
  /** settag: zero the data too (STZG, STZ2G, DC GZVA). */
  zero?: boolean;
  /** MTE: an asynchronous tag-check fault is pending, reported when the access ends (format 4). */
  asyncFault?: boolean;
}

/** What a thread asleep in handle_userfault was doing, retried in its own context once woken. */
export type FaultRetry =
  /** A user-mode load, store or MTE tag instruction: it goes on from the faulting byte. */
  | { kind: 'access'; op: AccessOp }
  /** UFFDIO_COPY faulting its source in (copy_from_user): the copy goes on from `done` bytes. */
  | {
      kind: 'uffdio_copy';
      request: string;
      ctx: number;
      /** The ioctl's struct, field by uAPI name, as decimal strings (bigints are not JSON). */
      a: Record<string, string>;
      done: number;
    }
  /** MADV_POPULATE_* faulting pages in (GUP): madvise runs again over [start, end). */
  | { kind: 'madvise_populate'; start: number; end: number; advice: number; unmapped: boolean };

/** What a thread asleep in userfaultfd_event_wait_completion does once its event is read. */
export type EventCont =
  /** Wait for the rest of the syscall's events, then return `fields` (fork: start `child`). */
  | { kind: 'syscall_return'; pending: PendingEvent[]; fields: EventFields; child?: string }
  /** madvise goes on from `start` without sending the event for `ack` again (madvise_uffd.ts). */
  | {
      kind: 'madvise';
      start: number;
      end: number;
      advice: number;
      unmapped: boolean;
      ack: UffdRange;
    };

/** Why a thread sleeps: one variant per way to sleep, each with what it does when it runs again. */
export type Wait =
  /** In handle_userfault, on the context's fault wait queue, for the page at `addr`. */
  | { kind: 'userfault'; uffd: number; addr: number; write: boolean; retry: FaultRetry }
  /** In userfaultfd_event_wait_completion until the monitor reads event `event`. */
  | { kind: 'uffd_event'; uffd: number; event: number; then: EventCont }
  /** A forked child whose fork has not returned (its parent waits for UFFD_EVENT_FORK's read). */
  | { kind: 'fork_child'; parent: string };

/** A blocked thread: the step that blocked it (completed later by a `resumed` record) and why. */
export interface BlockedOn {
  seq: number;
  path: string;
  do: string;
  wait: Wait;
}

/** A thread that was woken and waits to run: its continuation, taken from the state on wake-up. */
export interface Runnable {
  proc: string;
  thread: string;
  blocked: BlockedOn;
}
