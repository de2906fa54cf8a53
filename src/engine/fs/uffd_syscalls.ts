/**
 * userfaultfd(2), ioctl(2) on a userfaultfd, read(2) and poll(2): the step handlers of the
 * userfaultfd interface. They evaluate the step's fields and hand over to fs/userfaultfd*.ts.
 */
import type { IoctlStep, PollStep, ReadStep, UserfaultfdStep } from '../../scenario/types';
import { FLAG_TABLES, UFFD_FLAGS_TABLE, UFFDIO_STRUCTS } from '../../uapi';
import type { ArgCtx } from '../args';
import type { Fields } from '../fields';
import { bigArg, flagsArg, flagsValue, sArg, uArg } from '../args';
import { emit, nextId, own, type Tx } from '../tx';
import { fileOf, fileOps, fput, installFd, newFile } from '../kernel/files';
import { O_CLOEXEC, O_NONBLOCK, UFFD_USER_MODE_ONLY } from './userfaultfd';
import type { UffdCtx } from './userfaultfd_types';
import { result, type IoctlStruct } from './userfaultfd_ioctl';
import type { Sentence } from '../sentence';

/** SYSCALL_DEFINE1(userfaultfd) → new_userfaultfd. */
export function sysUserfaultfd(tx: Tx, c: ArgCtx, st: UserfaultfdStep): Fields {
  const flags = flagsArg(c, st, 'flags', UFFD_FLAGS_TABLE, 0);
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY)) return { ret: -1, errno: 'EINVAL' };
  const id = nextId(tx);
  const ctx: UffdCtx = {
    id,
    proc: tx.proc,
    flags,
    apiDone: false,
    features: 0,
    pending: [],
    waiting: [],
    events: [],
    released: false,
  };
  tx.s.uffds = own(tx, tx.s.uffds);
  tx.s.uffds[id] = ctx;
  const file = newFile(tx, { kind: 'userfaultfd', ctx: id, refs: 1 });
  const fd = installFd(tx, tx.proc, file, (flags & O_CLOEXEC) !== 0);
  if (fd < 0) {
    fput(tx, file);
    return { ret: -1, errno: 'EMFILE' };
  }
  emit(tx, {
    kind: 'uffd_ctx',
    fn: 'new_userfaultfd',
    path: ['sys_userfaultfd', 'new_userfaultfd'],
    change: 'created',
    uffd: id,
    proc: tx.proc,
  });
  return { ret: fd, errno: null };
}

/** A `uffd_ctx` event: a context created here, enabled (UFFDIO_API), made for a child, or released. */
export const uffdCtxSentence: Sentence<'uffd_ctx'> = (e) =>
  e.change === 'created'
    ? `A userfaultfd context was created${e.proc ? ` for ${e.proc}` : ''}.`
    : e.change === 'enabled'
      ? 'UFFDIO_API enabled the userfaultfd: features agreed, it can now register ranges.'
      : e.change === 'forked'
        ? `fork made a new userfaultfd context for ${e.proc ?? 'the child'} (UFFD_EVENT_FORK).`
        : 'The userfaultfd context was released: its ranges are unregistered and waiters woken.';

/** The request's struct from the step's fields (by uAPI name), every field defaulting to 0. */
function ioctlStruct(c: ArgCtx, st: IoctlStep): IoctlStruct {
  // A request this kernel does not know has no struct to read: userfaultfd_ioctl says EINVAL.
  const struct = UFFDIO_STRUCTS[st.request] ?? {};
  const a: IoctlStruct = {};
  for (const [field, spec] of Object.entries(struct)) {
    const raw = (st as Record<string, unknown>)[field];
    if (raw === undefined) a[field] = 0n;
    else if (spec.table) a[field] = flagsValue(c, field, raw, FLAG_TABLES[spec.table]);
    else a[field] = BigInt.asUintN(64, bigArg(c, st, field));
  }
  return a;
}

export function sysIoctl(tx: Tx, c: ArgCtx, st: IoctlStep): Fields {
  const a = ioctlStruct(c, st);
  const fd = sArg(c, st, 'fd');
  const f = fileOf(tx, tx.proc, fd);
  // The struct keeps what the program put in it (`out` is printed on failure too).
  if (!f) return result(st.request, a, 'EBADF');
  // Only a userfaultfd has these ioctls; vfs_ioctl gives ENOTTY for a file without them.
  const ioctl = fileOps(tx, f).ioctl;
  return ioctl ? ioctl(st.request, a) : result(st.request, a, 'ENOTTY');
}

export function sysRead(tx: Tx, c: ArgCtx, st: ReadStep): Fields {
  const fd = sArg(c, st, 'fd');
  const f = fileOf(tx, tx.proc, fd);
  if (!f) return { ret: -1, errno: 'EBADF' };
  // docs/reference/refpage-mte.md A11: a file without a read method (a reference-page file):
  // vfs_read returns EINVAL.
  const read = fileOps(tx, f).read;
  return read ? read(uArg(c, st, 'count', 1)) : { ret: -1, errno: 'EINVAL' };
}

export function sysPoll(tx: Tx, c: ArgCtx, st: PollStep): Fields {
  const fd = sArg(c, st, 'fd');
  const f = fileOf(tx, tx.proc, fd);
  // poll(2) reports POLLNVAL for an fd that is not open: ret 1.
  if (!f) return { ret: 1, errno: null };
  // A file without a poll method is always ready (DEFAULT_POLLMASK: POLLIN among others).
  const poll = fileOps(tx, f).poll;
  return poll ? poll(sArg(c, st, 'timeout', 0)) : { ret: 1, errno: null };
}
