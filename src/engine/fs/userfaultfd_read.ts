/**
 * read(2) and poll(2) on a userfaultfd (fs/userfaultfd.c userfaultfd_read → userfaultfd_ctx_read,
 * userfaultfd_poll), as Linux 6.18 behaves (checked):
 * - read before UFFDIO_API, or with room for less than one uffd_msg (32 bytes), is EINVAL;
 * - each message is the oldest pending fault if there is one, else the oldest event: faults come
 *   before events whatever their order; a fault read moves to fault_wqh (its thread sleeps on), an
 *   event read completes it (its thread goes on); a FORK message gets its `ufd` here;
 * - nothing pending: EAGAIN with O_NONBLOCK; a blocking read would wait forever in a scenario,
 *   which is an error of the scenario (format section 4);
 * - poll is POLLERR (ret 1) before UFFDIO_API and on a blocking fd at any time, else POLLIN when a
 *   fault or an event is pending.
 */
import { emit, unsupported, type Tx } from '../tx';
import type { Fields } from '../fields';
import type { UffdMsgRecord } from '../result';
import { symbolize } from '../symbols';
import { installFd, newFile } from '../kernel/files';
import { formatFlags, UFFD_PAGEFAULT_FLAG_TABLE } from '../../uapi';
import { O_CLOEXEC, O_NONBLOCK, livePending, uffdCtx, wUffdCtx } from './userfaultfd';
import type { UffdMsg } from './userfaultfd_types';
import { completeEvent, liveEvents } from './userfaultfd_events';
import type { Sentence } from '../sentence';

export const UFFD_MSG_SIZE = 32;

/** resolve_userfault_fork: the child's context becomes an fd of the reading process. */
function resolveUserfaultFork(tx: Tx, childCtx: number): number {
  const ctx = uffdCtx(tx.s, childCtx);
  const file = newFile(tx, { kind: 'userfaultfd', ctx: childCtx, refs: 1 });
  const fd = installFd(tx, tx.proc, file, (ctx.flags & O_CLOEXEC) !== 0);
  emit(tx, {
    kind: 'note',
    fn: 'resolve_userfault_fork',
    text: `the forked child's userfaultfd is fd ${fd}`,
  });
  return fd;
}

function msgRecord(tx: Tx, m: UffdMsg, ufd?: number): UffdMsgRecord {
  const sym = (a: number) => symbolize(tx.s, a);
  switch (m.event) {
    case 'UFFD_EVENT_PAGEFAULT': {
      const r: UffdMsgRecord = {
        event: m.event,
        flags: formatFlags(m.flags!, UFFD_PAGEFAULT_FLAG_TABLE),
        address: sym(m.address!),
      };
      if (m.ptid !== undefined) r.ptid = m.ptid;
      return r;
    }
    case 'UFFD_EVENT_FORK':
      return { event: m.event, ufd };
    case 'UFFD_EVENT_REMAP':
      return { event: m.event, from: sym(m.from!), to: sym(m.to!), len: m.len! };
    default:
      return { event: m.event, start: sym(m.start!), end: sym(m.end!) };
  }
}

/** userfaultfd_read: up to `count` messages. */
export function userfaultfdRead(tx: Tx, ctxId: number, count: number): Fields {
  const ctx = uffdCtx(tx.s, ctxId);
  if (!ctx.apiDone || !(count >= 1)) return { ret: -1, errno: 'EINVAL' };
  const faults = livePending(tx.s, ctx).slice(0, count);
  const events = liveEvents(tx.s, ctxId).slice(0, count - faults.length);
  if (faults.length + events.length === 0) {
    if (ctx.flags & O_NONBLOCK) return { ret: -1, errno: 'EAGAIN' };
    return unsupported(
      tx,
      'fd',
      'read(2) would block forever: no message is pending on this blocking userfaultfd (nothing else runs meanwhile)',
    );
  }
  const w = wUffdCtx(tx, ctxId);
  const taken = new Set<number>([...faults, ...events].map((x) => x.id));
  const live = new Set<number>(
    [...livePending(tx.s, ctx), ...liveEvents(tx.s, ctxId)].map((x) => x.id),
  );
  w.pending = w.pending.filter((f) => live.has(f.id) && !taken.has(f.id));
  w.waiting = [...w.waiting, ...faults];
  w.events = w.events.filter((e) => live.has(e.id) && !taken.has(e.id));
  const path = ['ksys_read', 'vfs_read', 'userfaultfd_read_iter', 'userfaultfd_ctx_read'];
  const msgs: UffdMsgRecord[] = [];
  for (const f of faults) {
    msgs.push(msgRecord(tx, f.msg));
    emit(tx, {
      kind: 'uffd_msg_read',
      fn: 'userfaultfd_ctx_read',
      path,
      uffd: ctxId,
      msg: f.id,
      event: f.msg.event,
      addr: f.msg.address,
    });
  }
  for (const e of events) {
    const ufd = e.msg.forkCtx !== undefined ? resolveUserfaultFork(tx, e.msg.forkCtx) : undefined;
    msgs.push(msgRecord(tx, e.msg, ufd));
    emit(tx, {
      kind: 'uffd_msg_read',
      fn: 'userfaultfd_ctx_read',
      path,
      uffd: ctxId,
      msg: e.id,
      event: e.msg.event,
      addr: e.msg.start ?? e.msg.from,
    });
  }
  // Each event read lets its thread go on (after the read has taken its messages).
  for (const e of events) completeEvent(tx, e.id, 'read');
  return { ret: msgs.length * UFFD_MSG_SIZE, errno: null, msgs };
}

/** A `uffd_msg_read` event: read(2) on the userfaultfd took a queued message. */
export const uffdMsgReadSentence: Sentence<'uffd_msg_read'> = (e, at) =>
  `The handler read a ${e.event} message${e.addr !== undefined ? ` for ${at(e.addr)}` : ''} from the userfaultfd.`;

/** userfaultfd_poll, for poll(2) with one pollfd asking for POLLIN. */
export function userfaultfdPoll(tx: Tx, ctxId: number, timeout: number): Fields {
  const ctx = uffdCtx(tx.s, ctxId);
  // EPOLLERR: before the handshake, and always on a blocking fd ("poll() never guarantees that
  // read won't block").
  if (!ctx.apiDone || !(ctx.flags & O_NONBLOCK)) return { ret: 1, errno: null };
  if (livePending(tx.s, ctx).length || liveEvents(tx.s, ctxId).length)
    return { ret: 1, errno: null };
  if (timeout < 0)
    return unsupported(
      tx,
      'timeout',
      'poll(2) would wait forever: nothing is pending on this userfaultfd (nothing else runs meanwhile)',
    );
  return { ret: 0, errno: null };
}
