/**
 * The fd table and open files (fs/file.c, fs/open.c, fs/file_table.c): lowest free fd first, as in
 * a fresh process where 0-2 are taken; files are reference-counted, and what differs between kinds
 * of file (release at the last reference, read, poll, ioctl, mmap) goes through the file's
 * operations table (file->f_op; the tables are in kernel/file_operations.ts).
 */
import type { OpenFile, VmaBacking } from '../state';
import type { Fields } from '../fields';
import { nextId, own, wProc, type FileOperations, type Tx } from '../tx';

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
  fileOps(tx, f).release();
}

/** A file's operations, bound to it: file->f_op, called with the file. */
export interface BoundFileOps {
  release(): void;
  read?(count: number): Fields;
  poll?(timeout: number): Fields;
  ioctl?(request: string, a: Record<string, bigint>): Fields;
  mmap?(): VmaBacking;
}

/** The operations bound when asked for: a syscall asks for one of them (a uffd round trip, two). */
class Bound<F extends OpenFile> implements BoundFileOps {
  constructor(
    private readonly tx: Tx,
    private readonly ops: FileOperations<F>,
    private readonly f: F,
  ) {}
  release(): void {
    this.ops.release(this.tx, this.f);
  }
  get read(): BoundFileOps['read'] {
    const { tx, f } = this;
    const read = this.ops.read;
    return read && ((count) => read(tx, f, count));
  }
  get poll(): BoundFileOps['poll'] {
    const { tx, f } = this;
    const poll = this.ops.poll;
    return poll && ((timeout) => poll(tx, f, timeout));
  }
  get ioctl(): BoundFileOps['ioctl'] {
    const { tx, f } = this;
    const ioctl = this.ops.ioctl;
    return ioctl && ((request, a) => ioctl(tx, f, request, a));
  }
  get mmap(): BoundFileOps['mmap'] {
    const f = this.f;
    const mmap = this.ops.mmap;
    return mmap && (() => mmap(f));
  }
}

function bind<F extends OpenFile>(tx: Tx, ops: FileOperations<F>, f: F): BoundFileOps {
  return new Bound(tx, ops, f);
}

/** The operations of `file`'s kind, from the kernel the transaction runs with. */
export function fileOps(tx: Tx, file: OpenFile): BoundFileOps {
  const fops = tx.kernel.fops;
  switch (file.kind) {
    case 'memfd':
      return bind(tx, fops.memfd, file);
    case 'refpage':
      return bind(tx, fops.refpage, file);
    case 'userfaultfd':
      return bind(tx, fops.userfaultfd, file);
  }
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
