/**
 * userfaultfd constants with the kernel's real values.
 *
 * The installed linux/userfaultfd.h is older than the interface faultline models (it lacks
 * UFFDIO_MOVE, UFFDIO_POISON and the later feature bits), so the values come from the full uAPI
 * header quoted in seed 004 (the UFFDIO_MOVE commit), and agree with the installed header
 * wherever both define a name. The request numbers were checked by compiling the installed header
 * (`_IOWR(0xAA, nr, struct)`); MOVE and POISON follow from their struct sizes (40 and 32 bytes).
 */
import { flagTable } from './flag-table';
import { O_FLAGS } from './mman';

export const UFFD_API = 0xaa;

/** userfaultfd(2) flags: O_CLOEXEC, O_NONBLOCK, and UFFD_USER_MODE_ONLY. */
export const UFFD_FLAGS = {
  ...O_FLAGS,
  UFFD_USER_MODE_ONLY: 1,
} as const;

/** The ioctl numbers within UFFDIO (`_UFFDIO_*`): bit positions in the `ioctls` masks. */
export const UFFDIO_NR = {
  _UFFDIO_REGISTER: 0x00,
  _UFFDIO_UNREGISTER: 0x01,
  _UFFDIO_WAKE: 0x02,
  _UFFDIO_COPY: 0x03,
  _UFFDIO_ZEROPAGE: 0x04,
  _UFFDIO_MOVE: 0x05,
  _UFFDIO_WRITEPROTECT: 0x06,
  _UFFDIO_CONTINUE: 0x07,
  _UFFDIO_POISON: 0x08,
  _UFFDIO_API: 0x3f,
} as const;

/** The full ioctl request numbers, `_IOWR(0xAA, nr, struct ...)` (UNREGISTER and WAKE are `_IOR`). */
export const UFFDIO_REQUEST = {
  UFFDIO_API: 0xc018aa3f,
  UFFDIO_REGISTER: 0xc020aa00,
  UFFDIO_UNREGISTER: 0x8010aa01,
  UFFDIO_WAKE: 0x8010aa02,
  UFFDIO_COPY: 0xc028aa03,
  UFFDIO_ZEROPAGE: 0xc020aa04,
  UFFDIO_MOVE: 0xc028aa05,
  UFFDIO_WRITEPROTECT: 0xc018aa06,
  UFFDIO_CONTINUE: 0xc020aa07,
  UFFDIO_POISON: 0xc020aa08,
} as const;
export type UffdioRequestName = keyof typeof UFFDIO_REQUEST;

export const UFFDIO_REGISTER_MODE = {
  UFFDIO_REGISTER_MODE_MISSING: 1 << 0,
  UFFDIO_REGISTER_MODE_WP: 1 << 1,
  UFFDIO_REGISTER_MODE_MINOR: 1 << 2,
} as const;
export const UFFDIO_COPY_MODE = {
  UFFDIO_COPY_MODE_DONTWAKE: 1 << 0,
  UFFDIO_COPY_MODE_WP: 1 << 1,
} as const;
export const UFFDIO_ZEROPAGE_MODE = { UFFDIO_ZEROPAGE_MODE_DONTWAKE: 1 << 0 } as const;
export const UFFDIO_MOVE_MODE = {
  UFFDIO_MOVE_MODE_DONTWAKE: 1 << 0,
  UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES: 1 << 1,
} as const;
export const UFFDIO_WRITEPROTECT_MODE = {
  UFFDIO_WRITEPROTECT_MODE_WP: 1 << 0,
  UFFDIO_WRITEPROTECT_MODE_DONTWAKE: 1 << 1,
} as const;
export const UFFDIO_CONTINUE_MODE = {
  UFFDIO_CONTINUE_MODE_DONTWAKE: 1 << 0,
  UFFDIO_CONTINUE_MODE_WP: 1 << 1,
} as const;
export const UFFDIO_POISON_MODE = { UFFDIO_POISON_MODE_DONTWAKE: 1 << 0 } as const;

export const UFFD_FEATURE = {
  UFFD_FEATURE_PAGEFAULT_FLAG_WP: 1 << 0,
  UFFD_FEATURE_EVENT_FORK: 1 << 1,
  UFFD_FEATURE_EVENT_REMAP: 1 << 2,
  UFFD_FEATURE_EVENT_REMOVE: 1 << 3,
  UFFD_FEATURE_MISSING_HUGETLBFS: 1 << 4,
  UFFD_FEATURE_MISSING_SHMEM: 1 << 5,
  UFFD_FEATURE_EVENT_UNMAP: 1 << 6,
  UFFD_FEATURE_SIGBUS: 1 << 7,
  UFFD_FEATURE_THREAD_ID: 1 << 8,
  UFFD_FEATURE_MINOR_HUGETLBFS: 1 << 9,
  UFFD_FEATURE_MINOR_SHMEM: 1 << 10,
  UFFD_FEATURE_EXACT_ADDRESS: 1 << 11,
  UFFD_FEATURE_WP_HUGETLBFS_SHMEM: 1 << 12,
  UFFD_FEATURE_WP_UNPOPULATED: 1 << 13,
  UFFD_FEATURE_POISON: 1 << 14,
  UFFD_FEATURE_WP_ASYNC: 1 << 15,
  UFFD_FEATURE_MOVE: 1 << 16,
} as const;

export const UFFD_EVENT = {
  UFFD_EVENT_PAGEFAULT: 0x12,
  UFFD_EVENT_FORK: 0x13,
  UFFD_EVENT_REMAP: 0x14,
  UFFD_EVENT_REMOVE: 0x15,
  UFFD_EVENT_UNMAP: 0x16,
} as const;

export const UFFD_PAGEFAULT_FLAG = {
  UFFD_PAGEFAULT_FLAG_WRITE: 1 << 0,
  UFFD_PAGEFAULT_FLAG_WP: 1 << 1,
  UFFD_PAGEFAULT_FLAG_MINOR: 1 << 2,
} as const;

/** Each request's bit in an `ioctls` mask (`1 << _UFFDIO_X`), printed with the request's name. */
export const UFFDIO_IOCTL_BITS: Readonly<Record<UffdioRequestName, bigint>> = Object.fromEntries(
  Object.keys(UFFDIO_REQUEST).map((name) => [
    name,
    1n << BigInt(UFFDIO_NR[`_${name}` as keyof typeof UFFDIO_NR]),
  ]),
) as Record<UffdioRequestName, bigint>;

export const UFFD_FLAGS_TABLE = flagTable('userfaultfd flags', UFFD_FLAGS);
export const UFFDIO_IOCTLS_TABLE = flagTable('ioctls', UFFDIO_IOCTL_BITS);
export const UFFD_FEATURE_TABLE = flagTable('UFFD_FEATURE_*', UFFD_FEATURE);
export const UFFD_EVENT_TABLE = flagTable('UFFD_EVENT_*', UFFD_EVENT, { enumerated: true });
export const UFFD_PAGEFAULT_FLAG_TABLE = flagTable('UFFD_PAGEFAULT_FLAG_*', UFFD_PAGEFAULT_FLAG);
export const UFFDIO_REGISTER_MODE_TABLE = flagTable('UFFDIO_REGISTER_MODE_*', UFFDIO_REGISTER_MODE);
export const UFFDIO_COPY_MODE_TABLE = flagTable('UFFDIO_COPY_MODE_*', UFFDIO_COPY_MODE);
export const UFFDIO_ZEROPAGE_MODE_TABLE = flagTable('UFFDIO_ZEROPAGE_MODE_*', UFFDIO_ZEROPAGE_MODE);
export const UFFDIO_MOVE_MODE_TABLE = flagTable('UFFDIO_MOVE_MODE_*', UFFDIO_MOVE_MODE);
export const UFFDIO_WRITEPROTECT_MODE_TABLE = flagTable(
  'UFFDIO_WRITEPROTECT_MODE_*',
  UFFDIO_WRITEPROTECT_MODE,
);
export const UFFDIO_CONTINUE_MODE_TABLE = flagTable('UFFDIO_CONTINUE_MODE_*', UFFDIO_CONTINUE_MODE);
export const UFFDIO_POISON_MODE_TABLE = flagTable('UFFDIO_POISON_MODE_*', UFFDIO_POISON_MODE);
