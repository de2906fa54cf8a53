/**
 * Every flag table by a short key, so that plain data (the scenario format's schema, the ioctl
 * structs below) can name a table; and the struct of each userfaultfd ioctl request
 * (include/uapi/linux/userfaultfd.h), field by field in the struct's order.
 */
import type { FlagTable } from './flag-table';
import { MADV_TABLE, MAP_TABLE, MFD_TABLE, MREMAP_TABLE, PROT_TABLE } from './mman';
import { PR_ARG_TABLE, PR_OPTION_TABLE } from './prctl';
import {
  UFFD_FEATURE_TABLE,
  UFFD_FLAGS_TABLE,
  UFFDIO_CONTINUE_MODE_TABLE,
  UFFDIO_COPY_MODE_TABLE,
  UFFDIO_IOCTLS_TABLE,
  UFFDIO_MOVE_MODE_TABLE,
  UFFDIO_POISON_MODE_TABLE,
  UFFDIO_REGISTER_MODE_TABLE,
  UFFDIO_WRITEPROTECT_MODE_TABLE,
  UFFDIO_ZEROPAGE_MODE_TABLE,
} from './userfaultfd';

/** The flag tables a field may name, by key. */
export const FLAG_TABLES = {
  PROT: PROT_TABLE,
  MAP: MAP_TABLE,
  MADV: MADV_TABLE,
  MREMAP: MREMAP_TABLE,
  MFD: MFD_TABLE,
  UFFD_FLAGS: UFFD_FLAGS_TABLE,
  UFFD_FEATURE: UFFD_FEATURE_TABLE,
  UFFDIO_IOCTLS: UFFDIO_IOCTLS_TABLE,
  UFFDIO_REGISTER_MODE: UFFDIO_REGISTER_MODE_TABLE,
  UFFDIO_COPY_MODE: UFFDIO_COPY_MODE_TABLE,
  UFFDIO_ZEROPAGE_MODE: UFFDIO_ZEROPAGE_MODE_TABLE,
  UFFDIO_MOVE_MODE: UFFDIO_MOVE_MODE_TABLE,
  UFFDIO_WRITEPROTECT_MODE: UFFDIO_WRITEPROTECT_MODE_TABLE,
  UFFDIO_CONTINUE_MODE: UFFDIO_CONTINUE_MODE_TABLE,
  UFFDIO_POISON_MODE: UFFDIO_POISON_MODE_TABLE,
  PR_OPTION: PR_OPTION_TABLE,
  PR_ARG: PR_ARG_TABLE,
} as const satisfies Record<string, FlagTable>;
export type FlagTableKey = keyof typeof FLAG_TABLES;

/** One field of an ioctl's struct: a __u64 (or __s64), a mask of a table's flags, or written back. */
export interface UffdioField {
  /** A mask whose bits are this table's names. */
  readonly table?: FlagTableKey;
  /** The kernel writes it back (the copy/zeropage/move/mapped/updated results, `ioctls`). */
  readonly output?: boolean;
}

const u64: UffdioField = {};
const mask = (table: FlagTableKey): UffdioField => ({ table });
const result = (table?: FlagTableKey): UffdioField =>
  table ? { table, output: true } : { output: true };

/** The struct of each UFFDIO_* request; a struct uffdio_range is `start`, `len`. */
export const UFFDIO_STRUCTS: Readonly<Record<string, Readonly<Record<string, UffdioField>>>> = {
  UFFDIO_API: { api: u64, features: mask('UFFD_FEATURE'), ioctls: result('UFFDIO_IOCTLS') },
  UFFDIO_REGISTER: {
    start: u64,
    len: u64,
    mode: mask('UFFDIO_REGISTER_MODE'),
    ioctls: result('UFFDIO_IOCTLS'),
  },
  UFFDIO_UNREGISTER: { start: u64, len: u64 },
  UFFDIO_WAKE: { start: u64, len: u64 },
  UFFDIO_COPY: { dst: u64, src: u64, len: u64, mode: mask('UFFDIO_COPY_MODE'), copy: result() },
  UFFDIO_ZEROPAGE: {
    start: u64,
    len: u64,
    mode: mask('UFFDIO_ZEROPAGE_MODE'),
    zeropage: result(),
  },
  UFFDIO_MOVE: { dst: u64, src: u64, len: u64, mode: mask('UFFDIO_MOVE_MODE'), move: result() },
  UFFDIO_WRITEPROTECT: { start: u64, len: u64, mode: mask('UFFDIO_WRITEPROTECT_MODE') },
  UFFDIO_CONTINUE: {
    start: u64,
    len: u64,
    mode: mask('UFFDIO_CONTINUE_MODE'),
    mapped: result(),
  },
  UFFDIO_POISON: { start: u64, len: u64, mode: mask('UFFDIO_POISON_MODE'), updated: result() },
};
