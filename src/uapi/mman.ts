/**
 * Memory-management constants with the kernel's real values.
 *
 * Checked against this machine's headers (asm-generic/mman-common.h, asm-generic/mman.h,
 * linux/mman.h, bits/mman-linux.h, bits/mman-map-flags-generic.h, linux/memfd.h,
 * asm-generic/fcntl.h). x86_64 and arm64 share every value here (both use the asm-generic
 * mman flags); the arm64-only PROT bits come from arch/arm64/include/uapi/asm/mman.h. Names
 * newer than the installed headers say which kernel added them.
 */
import { flagTable } from './flag-table';

export const PROT = {
  PROT_NONE: 0x0,
  PROT_READ: 0x1,
  PROT_WRITE: 0x2,
  PROT_EXEC: 0x4,
  PROT_SEM: 0x8,
  /** arm64 only: branch target identification. */
  PROT_BTI: 0x10,
  /** arm64 only: the mapping is tag-checked (MTE); needs a machine with `mte`. */
  PROT_MTE: 0x20,
  PROT_GROWSDOWN: 0x01000000,
  PROT_GROWSUP: 0x02000000,
} as const;

export const MAP = {
  MAP_SHARED: 0x01,
  MAP_PRIVATE: 0x02,
  MAP_SHARED_VALIDATE: 0x03,
  /** Linux 6.11 (mm/mmap.c, uapi/linux/mman.h): a mapping the kernel may drop under pressure. */
  MAP_DROPPABLE: 0x08,
  MAP_TYPE: 0x0f,
  MAP_FIXED: 0x10,
  MAP_ANONYMOUS: 0x20,
  MAP_ANON: 0x20,
  MAP_FILE: 0,
  MAP_GROWSDOWN: 0x0100,
  MAP_DENYWRITE: 0x0800,
  MAP_EXECUTABLE: 0x1000,
  MAP_LOCKED: 0x2000,
  MAP_NORESERVE: 0x4000,
  MAP_POPULATE: 0x8000,
  MAP_NONBLOCK: 0x10000,
  MAP_STACK: 0x20000,
  MAP_HUGETLB: 0x40000,
  MAP_SYNC: 0x80000,
  MAP_FIXED_NOREPLACE: 0x100000,
  MAP_UNINITIALIZED: 0x4000000,
} as const;

/** MAP_32BIT exists on x86_64 only (bits/mman.h); kept apart so arm64 scenarios cannot name it by accident. */
export const MAP_X86_64 = { MAP_32BIT: 0x40 } as const;

export const MADV = {
  MADV_NORMAL: 0,
  MADV_RANDOM: 1,
  MADV_SEQUENTIAL: 2,
  MADV_WILLNEED: 3,
  MADV_DONTNEED: 4,
  MADV_FREE: 8,
  MADV_REMOVE: 9,
  MADV_DONTFORK: 10,
  MADV_DOFORK: 11,
  MADV_MERGEABLE: 12,
  MADV_UNMERGEABLE: 13,
  MADV_HUGEPAGE: 14,
  MADV_NOHUGEPAGE: 15,
  MADV_DONTDUMP: 16,
  MADV_DODUMP: 17,
  MADV_WIPEONFORK: 18,
  MADV_KEEPONFORK: 19,
  MADV_COLD: 20,
  MADV_PAGEOUT: 21,
  MADV_POPULATE_READ: 22,
  MADV_POPULATE_WRITE: 23,
  MADV_DONTNEED_LOCKED: 24,
  MADV_COLLAPSE: 25,
  MADV_HWPOISON: 100,
  MADV_SOFT_OFFLINE: 101,
  /** Linux 6.13: install / remove guard regions. */
  MADV_GUARD_INSTALL: 102,
  MADV_GUARD_REMOVE: 103,
} as const;

export const MREMAP = {
  MREMAP_MAYMOVE: 1,
  MREMAP_FIXED: 2,
  MREMAP_DONTUNMAP: 4,
} as const;

export const MFD = {
  MFD_CLOEXEC: 0x0001,
  MFD_ALLOW_SEALING: 0x0002,
  MFD_HUGETLB: 0x0004,
  /** Linux 6.3 (uapi/linux/memfd.h). */
  MFD_NOEXEC_SEAL: 0x0008,
  MFD_EXEC: 0x0010,
} as const;

/** The open(2) flags userfaultfd(2) takes (asm-generic/fcntl.h: octal 02000000 and 04000). */
export const O_FLAGS = {
  O_NONBLOCK: 0o4000,
  O_CLOEXEC: 0o2000000,
} as const;

export const PROT_TABLE = flagTable('PROT_*', PROT);
export const MAP_TABLE = flagTable(
  'MAP_*',
  { ...MAP, ...MAP_X86_64 },
  {
    notPrinted: ['MAP_TYPE', 'MAP_ANON', 'MAP_FILE'],
  },
);
export const MADV_TABLE = flagTable('MADV_*', MADV, { enumerated: true });
export const MREMAP_TABLE = flagTable('MREMAP_*', MREMAP);
export const MFD_TABLE = flagTable('MFD_*', MFD);
