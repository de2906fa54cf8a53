/**
 * The file operations of each kind of open file (struct file_operations: shmem_file_operations,
 * userfaultfd_fops, and the reference-page file's), selected by the file's kind as file->f_op is.
 * step() hands this table to every transaction; kernel/files.ts dispatches through it.
 */
import type { FileOperationsTable } from '../tx';
import { unsupported } from '../tx';
import { inodePut } from '../mm/shmem';
import { refpageRelease } from '../refpage';
import { releaseUffd } from './uffd_release';
import { userfaultfdPoll, userfaultfdRead } from '../fs/userfaultfd_read';
import { userfaultfdIoctl } from '../fs/userfaultfd_ioctl';

export const FILE_OPERATIONS: FileOperationsTable = {
  /** A memfd, or the shmem file behind MAP_SHARED|MAP_ANONYMOUS (shmem_zero_setup). */
  memfd: {
    release: (tx, f) => inodePut(tx, f.inode),
    // shmem_file_read_iter exists, but faultline does not model file I/O.
    read: (tx) => unsupported(tx, 'fd', 'read(2) of a memfd is not modelled'),
    mmap: (f) => ({ kind: 'shmem', inode: f.inode }),
  },
  /** refpage_create(2)'s anon inode "[refpage]": no read method, mappable (docs/reference/refpage-mte.md A11, A17-A19). */
  refpage: {
    release: (tx, f) => refpageRelease(tx, f.refpage),
    mmap: (f) => ({ kind: 'refpage', refpage: f.refpage }),
  },
  /** userfaultfd_fops: release, poll, read and ioctl; no mmap (ENODEV). */
  userfaultfd: {
    release: (tx, f) => releaseUffd(tx, f.ctx),
    read: (tx, f, count) => userfaultfdRead(tx, f.ctx, count),
    poll: (tx, f, timeout) => userfaultfdPoll(tx, f.ctx, timeout),
    ioctl: (tx, f, request, a) => userfaultfdIoctl(tx, f.ctx, request, a),
  },
};
