/**
 * memfd_create(2) (mm/memfd.c), ftruncate(2) on a shmem file (shmem_setattr) and close(2).
 */
import { MFD } from '../../uapi';
import { emit, unsupported, type Tx } from '../tx';
import { fail, ok, type SysResult } from '../syscall';
import { createInode, wInode } from '../mm/shmem';
import { punchHole } from '../mm/madvise';
import { closeFd, fileOf, installFd, newFile } from './files';
import { fput } from './files';
import { kernelHas } from './version';

const MFD_NAME_MAX_LEN = 249;

export function sysMemfdCreate(tx: Tx, name: string, flags: number): SysResult {
  // MFD_NOEXEC_SEAL and MFD_EXEC came in 6.3 (docs/kernel-versions.md row 18).
  const known =
    MFD.MFD_CLOEXEC |
    MFD.MFD_ALLOW_SEALING |
    MFD.MFD_HUGETLB |
    (kernelHas(tx.s.machine, 'mfdExecFlags') ? MFD.MFD_NOEXEC_SEAL | MFD.MFD_EXEC : 0);
  if (flags & ~known) return fail('EINVAL');
  if (flags & MFD.MFD_HUGETLB) unsupported(tx, 'flags', 'MFD_HUGETLB (hugetlbfs) is not modelled');
  if (flags & MFD.MFD_NOEXEC_SEAL && flags & MFD.MFD_EXEC) return fail('EINVAL');
  if (name.length > MFD_NAME_MAX_LEN) return fail('EINVAL');
  const inode = createInode(tx, `memfd:${name}`, 0);
  const file = newFile(tx, { kind: 'memfd', inode, refs: 1, name, writable: true });
  const fd = installFd(tx, tx.proc, file, (flags & MFD.MFD_CLOEXEC) !== 0);
  if (fd < 0) {
    fput(tx, file);
    return fail('EMFILE');
  }
  emit(tx, {
    kind: 'note',
    fn: 'sys_memfd_create',
    text: `shmem file memfd:${name} created as fd ${fd}`,
  });
  return ok(fd);
}

export function sysFtruncate(tx: Tx, fd: number, length: number): SysResult {
  if (length < 0) return fail('EINVAL');
  const f = fileOf(tx, tx.proc, fd);
  if (!f) return fail('EBADF');
  if (f.kind !== 'memfd' || !f.writable) return fail('EINVAL');
  const ps = tx.s.machine.pageSize;
  const inode = tx.s.inodes[f.inode]!;
  const oldPages = Math.ceil(inode.size / ps);
  const newPages = Math.ceil(length / ps);
  // shmem_setattr → truncate_setsize: pages wholly beyond the new size are unmapped and freed.
  if (newPages < oldPages) punchHole(tx, f.inode, newPages, Number.MAX_SAFE_INTEGER, true);
  wInode(tx, f.inode).size = length;
  emit(tx, { kind: 'note', fn: 'shmem_setattr', text: `size of memfd ${f.name} set to ${length}` });
  return ok(0);
}

export function sysClose(tx: Tx, fd: number): SysResult {
  return closeFd(tx, tx.proc, fd) ? ok(0) : fail('EBADF');
}
