/**
 * The uAPI constants a scenario may write by name wherever an integer goes (format section 2), as
 * a C program would: `"api": "UFFD_API"`, `"arg": "0xfffe << PR_MTE_TAG_SHIFT"`,
 * `"len": "2*PAGE_SIZE"`. The values are the tables' own (mman.ts, userfaultfd.ts, prctl.ts,
 * errno.ts); a name means what it means in C, so `UFFDIO_COPY` is the ioctl request number here
 * and a bit only in an `ioctls` mask (whose table says so).
 *
 * A name bound by a step's `as` wins over a constant of the same name (an old document that bound
 * one keeps its meaning). `PAGE_SIZE` is the machine's page size, so the evaluator resolves it, not
 * this table.
 *
 * Flag families: the names of every flag field's table (PROT_*, MAP_*, MADV_*, UFFDIO_*_MODE_*, ...).
 * A flags field takes its own family's names and the constants that belong to no family (the
 * shifts, UFFD_API, signal numbers...), never another family's: `"prot": "MAP_SHARED"` is refused,
 * as it always was, although C would accept it.
 */
import { ERRNO } from './errno';
import { MADV, MAP, MAP_X86_64, MFD, MREMAP, O_FLAGS, PROT } from './mman';
import {
  BUS_CODE,
  PR_MTE_TAG_SHIFT,
  PR_MTE_TCF_SHIFT,
  PR_OPTION,
  PR_TAGGED_ADDR,
  SEGV_CODE,
  SIGNALS,
} from './prctl';
import { FLAG_TABLES } from './tables';
import {
  UFFD_API,
  UFFD_EVENT,
  UFFD_FEATURE,
  UFFD_FLAGS,
  UFFD_PAGEFAULT_FLAG,
  UFFDIO_CONTINUE_MODE,
  UFFDIO_COPY_MODE,
  UFFDIO_MOVE_MODE,
  UFFDIO_NR,
  UFFDIO_POISON_MODE,
  UFFDIO_REGISTER_MODE,
  UFFDIO_REQUEST,
  UFFDIO_WRITEPROTECT_MODE,
  UFFDIO_ZEROPAGE_MODE,
} from './userfaultfd';

/** The page size's name, resolved by the evaluator from the machine. */
export const PAGE_SIZE_NAME = 'PAGE_SIZE';

const SOURCES: readonly Readonly<Record<string, number | bigint>>[] = [
  PROT,
  MAP,
  MAP_X86_64,
  MADV,
  MREMAP,
  MFD,
  O_FLAGS,
  UFFD_FLAGS,
  { UFFD_API },
  UFFDIO_NR,
  UFFDIO_REQUEST,
  UFFDIO_REGISTER_MODE,
  UFFDIO_COPY_MODE,
  UFFDIO_ZEROPAGE_MODE,
  UFFDIO_MOVE_MODE,
  UFFDIO_WRITEPROTECT_MODE,
  UFFDIO_CONTINUE_MODE,
  UFFDIO_POISON_MODE,
  UFFD_FEATURE,
  UFFD_EVENT,
  UFFD_PAGEFAULT_FLAG,
  PR_OPTION,
  PR_TAGGED_ADDR,
  { PR_MTE_TAG_SHIFT, PR_MTE_TCF_SHIFT },
  SIGNALS,
  SEGV_CODE,
  BUS_CODE,
  ERRNO,
];

function build(): ReadonlyMap<string, bigint> {
  const out = new Map<string, bigint>();
  for (const source of SOURCES) {
    for (const [name, value] of Object.entries(source)) {
      const v = BigInt(value);
      const seen = out.get(name);
      if (seen !== undefined && seen !== v)
        throw new Error(`uAPI constant ${name} has two values: ${seen} and ${v}`);
      out.set(name, v);
    }
  }
  return out;
}

/** name → value, every constant a scenario may write. */
export const UAPI_CONSTANTS: ReadonlyMap<string, bigint> = build();

/** Names that are members of some flag field's table. */
const FAMILY_NAMES: ReadonlySet<string> = new Set(
  Object.values(FLAG_TABLES).flatMap((t) => t.names),
);

/** The value of a uAPI constant (not PAGE_SIZE), or undefined. */
export function uapiConstant(name: string): bigint | undefined {
  return UAPI_CONSTANTS.get(name);
}

/** Whether a name is a uAPI constant or PAGE_SIZE: an unbound name that is still not an error. */
export function isUapiName(name: string): boolean {
  return name === PAGE_SIZE_NAME || UAPI_CONSTANTS.has(name);
}

/** A constant that belongs to no flag family (a shift, UFFD_API, a signal number...). */
export function isFamilyFree(name: string): boolean {
  return UAPI_CONSTANTS.has(name) && !FAMILY_NAMES.has(name);
}
