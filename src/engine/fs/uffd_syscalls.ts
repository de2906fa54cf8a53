/**
 * userfaultfd(2), ioctl(2) on a userfaultfd, read(2) and poll(2): the step handlers of the
 * userfaultfd interface. (The full interface lands with the userfaultfd issue.)
 */
import type { IoctlStep, PollStep, ReadStep, UserfaultfdStep } from '../../scenario/types';
import type { ArgCtx } from '../args';
import type { Fields } from '../fields';
import { sArg } from '../args';
import { unsupported, type Tx } from '../tx';
import { fileOf } from '../kernel/files';

export function sysUserfaultfd(tx: Tx, c: ArgCtx, st: UserfaultfdStep): Fields {
  void c;
  void st;
  return unsupported(tx, undefined, 'userfaultfd is not modelled yet');
}

export function sysIoctl(tx: Tx, c: ArgCtx, st: IoctlStep): Fields {
  void c;
  void st;
  return unsupported(tx, undefined, 'ioctl is not modelled yet');
}

export function sysRead(tx: Tx, c: ArgCtx, st: ReadStep): Fields {
  const fd = sArg(c, st, 'fd');
  const f = fileOf(tx, tx.proc, fd);
  if (!f) return { ret: -1, errno: 'EBADF' };
  // A11: a reference-page file has no read method, so vfs_read returns EINVAL.
  if (f.kind === 'refpage') return { ret: -1, errno: 'EINVAL' };
  return unsupported(tx, 'fd', `read(2) of a ${f.kind} is not modelled`);
}

export function sysPoll(tx: Tx, c: ArgCtx, st: PollStep): Fields {
  void c;
  void st;
  return unsupported(tx, undefined, 'poll is not modelled yet');
}
