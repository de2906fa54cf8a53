/**
 * userfaultfd contexts (fs/userfaultfd.c). This file is the seam between the fault path and
 * userspace fault handling; the full interface (every ioctl, feature and event) lives here and in
 * mm/userfaultfd.ts.
 */
import type { Vma } from '../state';
import { emit, own, wThread, type Tx } from '../tx';
import { sig, type At, type FaultOutcome } from '../mm/fault';

export interface UffdMsg {
  event:
    | 'UFFD_EVENT_PAGEFAULT'
    | 'UFFD_EVENT_FORK'
    | 'UFFD_EVENT_REMAP'
    | 'UFFD_EVENT_REMOVE'
    | 'UFFD_EVENT_UNMAP';
  flags?: number;
  address?: number;
  ptid?: string;
  ufd?: number;
  from?: number;
  to?: number;
  len?: number;
  start?: number;
  end?: number;
}

/** struct userfaultfd_ctx */
export interface UffdCtx {
  id: number;
  /** The process whose mm this context serves. */
  proc: string;
  flags: number;
  /** UFFDIO_API done. */
  apiDone: boolean;
  features: number;
  /** Messages waiting to be read (fault_pending_wqh + event_wqh, in order). */
  msgs: UffdMsg[];
  released: boolean;
}

export const UFFD_FEATURE_SIGBUS = 1 << 7;
export const UFFD_FEATURE_THREAD_ID = 1 << 8;
export const UFFD_FEATURE_EXACT_ADDRESS = 1 << 11;

export function uffdCtx(tx: Tx, id: number): UffdCtx {
  return tx.s.uffds[id] as UffdCtx;
}

export function wUffdCtx(tx: Tx, id: number): UffdCtx {
  tx.s.uffds = own(tx, tx.s.uffds);
  const c = own(tx, tx.s.uffds[id] as UffdCtx);
  tx.s.uffds[id] = c;
  return c;
}

/**
 * handle_userfault: queue a UFFD_EVENT_PAGEFAULT and put the thread to sleep until a resolving
 * ioctl wakes it; with UFFD_FEATURE_SIGBUS raise SIGBUS instead.
 */
export function handleUserfault(
  tx: Tx,
  at: At,
  vma: Vma,
  addr: number,
  write: boolean,
  reason: 'missing' | 'wp' | 'minor',
): FaultOutcome {
  const id = vma.uffd!;
  const ctx = uffdCtx(tx, id);
  const path = ['handle_mm_fault', 'handle_userfault'];
  if (ctx.features & UFFD_FEATURE_SIGBUS) {
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
  const ps = tx.s.machine.pageSize;
  let flags = write ? 1 : 0;
  if (reason === 'wp') flags |= 2;
  if (reason === 'minor') flags |= 4;
  const msg: UffdMsg = {
    event: 'UFFD_EVENT_PAGEFAULT',
    flags,
    address: ctx.features & UFFD_FEATURE_EXACT_ADDRESS ? addr : Math.floor(addr / ps) * ps,
  };
  if (ctx.features & UFFD_FEATURE_THREAD_ID) msg.ptid = at.thread;
  const w = wUffdCtx(tx, id);
  w.msgs = [...w.msgs, msg];
  emit(tx, {
    kind: 'uffd_msg_queued',
    fn: 'handle_userfault',
    path,
    uffd: id,
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
  void wThread;
  return { kind: 'blocked', uffd: id };
}
