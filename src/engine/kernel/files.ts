/**
 * The fd table and open files (fs/file.c, fs/open.c): lowest free fd first, as in a fresh
 * process where 0-2 are taken; files are reference-counted and released at the last close.
 */
import type { OpenFile } from '../state';
import { nextId, own, wProc, type Tx } from '../tx';
import { inodePut } from '../mm/shmem';
import { refpageRelease } from '../refpage';
import { releaseUffd } from './uffd_release';

/** RLIMIT_NOFILE's usual soft limit. */
export const NR_OPEN = 1024;

export function newFile(tx: Tx, file: OpenFile): number {
  const id = nextId(tx);
  tx.s.files = own(tx, tx.s.files);
  tx.s.files[id] = file;
  return id;
}

/** get_unused_fd_flags + fd_install: -1 when the table is full (EMFILE). */
export function installFd(tx: Tx, proc: string, fileId: number, cloexec: boolean): number {
  const p = tx.s.procs[proc]!;
  let fd = 3;
  while (p.fds[fd] !== undefined) fd++;
  if (fd >= NR_OPEN) return -1;
  const w = wProc(tx, proc);
  w.fds = own(tx, w.fds);
  w.fds[fd] = fileId;
  if (cloexec) {
    w.cloexec = own(tx, w.cloexec);
    w.cloexec[fd] = true;
  }
  return fd;
}

export function fileOf(tx: Tx, proc: string, fd: number): OpenFile | null {
  if (!Number.isInteger(fd) || fd < 0) return null;
  const id = tx.s.procs[proc]!.fds[fd];
  return id === undefined ? null : tx.s.files[id]!;
}

export function fileIdOf(tx: Tx, proc: string, fd: number): number | null {
  if (!Number.isInteger(fd) || fd < 0) return null;
  return tx.s.procs[proc]!.fds[fd] ?? null;
}

export function fget(tx: Tx, fileId: number): void {
  tx.s.files = own(tx, tx.s.files);
  const f = own(tx, tx.s.files[fileId]!);
  f.refs++;
  tx.s.files[fileId] = f;
}

/** fput: the last reference releases what the file holds (the f_op->release of each kind). */
export function fput(tx: Tx, fileId: number): void {
  tx.s.files = own(tx, tx.s.files);
  const f = own(tx, tx.s.files[fileId]!);
  f.refs--;
  tx.s.files[fileId] = f;
  if (f.refs > 0) return;
  delete tx.s.files[fileId];
  if (f.kind === 'memfd') inodePut(tx, f.inode);
  else if (f.kind === 'refpage') refpageRelease(tx, f.refpage);
  else releaseUffd(tx, f.ctx);
}

/** close_fd: EBADF when fd is not open. */
export function closeFd(tx: Tx, proc: string, fd: number): boolean {
  const id = fileIdOf(tx, proc, fd);
  if (id === null) return false;
  const w = wProc(tx, proc);
  w.fds = own(tx, w.fds);
  delete w.fds[fd];
  if (w.cloexec[fd]) {
    w.cloexec = own(tx, w.cloexec);
    delete w.cloexec[fd];
  }
  fput(tx, id);
  return true;
}
