/**
 * The argument schema of every call, as data (format section 3).
 *
 * One table drives validate.ts, the text form (which arguments are positional, in the kernel's
 * order) and the editor's completion. To add a call (say MTE's `stzg` or `irg`): add its step
 * interface to types.ts (optional fields only, never a change), then one entry to CALLS below;
 * validation, printing, parsing and completion follow from the entry.
 */
import type { Arch } from './types';
import { FLAG_TABLES, UFFDIO_STRUCTS, type FlagTableKey } from '../uapi';

export { FLAG_TABLES, type FlagTableKey };

/**
 * - `int`: an integer expression (section 2);
 * - `flags`: names from `table` joined by `|`, or an integer;
 * - `bytes`: hex digit pairs;
 * - `string`: any text (memfd_create's name);
 * - `request`: an ioctl request name; the request's own fields follow from IOCTL_REQUESTS;
 * - `steps`: a nested step list (repeat).
 */
export type FieldKind = 'int' | 'flags' | 'bytes' | 'string' | 'request' | 'steps';

export interface FieldSpec {
  readonly kind: FieldKind;
  readonly required?: boolean;
  readonly table?: FlagTableKey;
  /** A struct field the kernel writes back; a scenario may preset it (section 5, `out`). */
  readonly output?: boolean;
  /**
   * The text form's spelling of this field when it is absent but a later positional argument is
   * given: `mmap(NULL, 4096, ...)` leaves `addr` out of the document.
   */
  readonly absentAs?: string;
}

export interface CallSpec {
  /** Fields in the kernel's order (printing follows it). */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Fields the text form writes without a name, in this order. */
  readonly positional: readonly string[];
  /**
   * Groups of which exactly one must be given, and given whole: store's bytes or fill+length,
   * refpage_create's content or content_addr.
   */
  readonly oneOf?: readonly (readonly string[])[];
  /** The call exists only on this architecture. */
  readonly arch?: Arch;
  /** What `as` binds: a value for expressions, a process name, or a repeat's index. */
  readonly binds: 'value' | 'process' | 'index';
  readonly summary: string;
}

const int = (required = false): FieldSpec => ({ kind: 'int', required });
const flags = (table: FlagTableKey, required = false): FieldSpec => ({
  kind: 'flags',
  table,
  required,
});
const out = (kind: 'int' | 'flags' = 'int', table?: FlagTableKey): FieldSpec =>
  table ? { kind, table, output: true } : { kind, output: true };

export const CALLS: Readonly<Record<string, CallSpec>> = {
  mmap: {
    fields: {
      addr: { kind: 'int', absentAs: 'NULL' },
      length: int(true),
      prot: flags('PROT', true),
      flags: flags('MAP', true),
      fd: int(),
      offset: int(),
    },
    positional: ['addr', 'length', 'prot', 'flags', 'fd', 'offset'],
    binds: 'value',
    summary: 'mmap(2): map a range',
  },
  munmap: {
    fields: { addr: int(true), length: int(true) },
    positional: ['addr', 'length'],
    binds: 'value',
    summary: 'munmap(2): unmap a range',
  },
  mprotect: {
    fields: { addr: int(true), length: int(true), prot: flags('PROT', true) },
    positional: ['addr', 'length', 'prot'],
    binds: 'value',
    summary: 'mprotect(2): change protection',
  },
  mremap: {
    fields: {
      old_address: int(true),
      old_size: int(true),
      new_size: int(true),
      flags: flags('MREMAP', true),
      new_address: int(),
    },
    positional: ['old_address', 'old_size', 'new_size', 'flags', 'new_address'],
    binds: 'value',
    summary: 'mremap(2): grow, shrink or move a mapping',
  },
  madvise: {
    fields: { addr: int(true), length: int(true), advice: flags('MADV', true) },
    positional: ['addr', 'length', 'advice'],
    binds: 'value',
    summary: 'madvise(2): advise about a range',
  },
  memfd_create: {
    fields: { name: { kind: 'string', required: true }, flags: flags('MFD') },
    positional: ['name', 'flags'],
    binds: 'value',
    summary: 'memfd_create(2): an anonymous shmem file',
  },
  ftruncate: {
    fields: { fd: int(true), length: int(true) },
    positional: ['fd', 'length'],
    binds: 'value',
    summary: 'ftruncate(2): set a file size',
  },
  close: {
    fields: { fd: int(true) },
    positional: ['fd'],
    binds: 'value',
    summary: 'close(2)',
  },
  fork: {
    fields: {},
    positional: [],
    binds: 'process',
    summary: 'fork(2): `as` names the child process',
  },
  exit: {
    fields: { status: int() },
    positional: ['status'],
    binds: 'value',
    summary: 'exit(2): the process goes away',
  },
  load: {
    fields: { addr: int(true), length: int() },
    positional: ['addr', 'length'],
    binds: 'value',
    summary: 'a CPU load of length bytes (1)',
  },
  store: {
    fields: { addr: int(true), bytes: { kind: 'bytes' }, fill: { kind: 'bytes' }, length: int() },
    positional: ['addr', 'bytes'],
    oneOf: [['bytes'], ['fill', 'length']],
    binds: 'value',
    summary: 'CPU stores: bytes, or fill repeated over length bytes',
  },
  pagemap: {
    fields: { addr: int(true), length: int(true) },
    positional: ['addr', 'length'],
    binds: 'value',
    summary: 'what each page of a range maps now',
  },
  rss: {
    fields: {},
    positional: [],
    binds: 'value',
    summary: "the process's resident pages",
  },
  repeat: {
    fields: { count: int(true), steps: { kind: 'steps', required: true } },
    positional: ['count'],
    binds: 'index',
    summary: 'run the nested steps count times; `as` names the 0-based index',
  },
  refpage_create: {
    fields: {
      content: { kind: 'bytes' },
      content_addr: int(),
      size: int(true),
      flags: int(),
      pattern: int(),
    },
    positional: ['content', 'size', 'flags'],
    oneOf: [['content'], ['content_addr']],
    binds: 'value',
    summary: 'refpage_create(2): an fd whose private mappings repeat content',
  },
  userfaultfd: {
    fields: { flags: flags('UFFD_FLAGS') },
    positional: ['flags'],
    binds: 'value',
    summary: 'userfaultfd(2)',
  },
  ioctl: {
    fields: { fd: int(true), request: { kind: 'request', required: true } },
    positional: ['fd', 'request'],
    binds: 'value',
    summary: 'ioctl(2) on a userfaultfd: UFFDIO_* with its struct fields',
  },
  read: {
    fields: { fd: int(true), count: int() },
    positional: ['fd', 'count'],
    binds: 'value',
    summary: 'read(2) uffd_msg records',
  },
  poll: {
    fields: { fd: int(true), timeout: int() },
    positional: ['fd', 'timeout'],
    binds: 'value',
    summary: 'poll(2) for POLLIN',
  },
  prctl: {
    fields: { option: flags('PR_OPTION', true), arg: flags('PR_ARG', true) },
    positional: ['option', 'arg'],
    binds: 'value',
    summary: 'prctl(2): PR_SET_TAGGED_ADDR_CTRL',
  },
  stg: {
    fields: { addr: int(true), length: int() },
    positional: ['addr', 'length'],
    arch: 'arm64',
    binds: 'value',
    summary: "STG: set allocation tags under [addr, addr+length) to the pointer's tag",
  },
  ldg: {
    fields: { addr: int(true), length: int() },
    positional: ['addr', 'length'],
    arch: 'arm64',
    binds: 'value',
    summary: "LDG: read one granule's allocation tag",
  },
  st2g: {
    fields: { addr: int(true), length: int() },
    positional: ['addr', 'length'],
    arch: 'arm64',
    binds: 'value',
    summary: 'ST2G: set allocation tags two granules at a time over length (32)',
  },
  stzg: {
    fields: { addr: int(true), length: int() },
    positional: ['addr', 'length'],
    arch: 'arm64',
    binds: 'value',
    summary: 'STZG: set allocation tags and zero the data over length (16)',
  },
  stz2g: {
    fields: { addr: int(true), length: int() },
    positional: ['addr', 'length'],
    arch: 'arm64',
    binds: 'value',
    summary: 'STZ2G: STZG two granules at a time over length (32)',
  },
  irg: {
    fields: { addr: int(true), exclude: int() },
    positional: ['addr', 'exclude'],
    arch: 'arm64',
    binds: 'value',
    summary: 'IRG: the pointer with a random allowed tag; `as` binds it',
  },
  addg: {
    fields: { addr: int(true), offset: int(true), tag_offset: int(true) },
    positional: ['addr', 'offset', 'tag_offset'],
    arch: 'arm64',
    binds: 'value',
    summary: 'ADDG: pointer + offset, tag + tag_offset (skipping excluded tags)',
  },
  subg: {
    fields: { addr: int(true), offset: int(true), tag_offset: int(true) },
    positional: ['addr', 'offset', 'tag_offset'],
    arch: 'arm64',
    binds: 'value',
    summary: 'SUBG: pointer - offset, tag + tag_offset (skipping excluded tags)',
  },
  dc_gzva: {
    fields: { addr: int(true) },
    positional: ['addr'],
    arch: 'arm64',
    binds: 'value',
    summary: "DC GZVA: zero a 64-byte block and set its tags to the pointer's tag",
  },
  mte_tcf_preferred: {
    fields: { value: { kind: 'string', required: true } },
    positional: ['value'],
    arch: 'arm64',
    binds: 'value',
    summary: "write async, sync or asymm to every CPU's mte_tcf_preferred (sysfs)",
  },
};

/**
 * The fields of each UFFDIO_* request: its struct's (src/uapi/tables.ts). A scenario must give every
 * plain number and the mode of UFFDIO_REGISTER and UFFDIO_WRITEPROTECT; other masks default to 0.
 */
const REQUIRED_MASKS = new Set(['UFFDIO_REGISTER.mode', 'UFFDIO_WRITEPROTECT.mode']);
export const IOCTL_REQUESTS: Readonly<Record<string, Readonly<Record<string, FieldSpec>>>> =
  Object.fromEntries(
    Object.entries(UFFDIO_STRUCTS).map(([request, struct]) => [
      request,
      Object.fromEntries(
        Object.entries(struct).map(([name, f]): [string, FieldSpec] => {
          if (f.output) return [name, f.table ? out('flags', f.table) : out()];
          if (f.table) return [name, flags(f.table, REQUIRED_MASKS.has(`${request}.${name}`))];
          return [name, int(true)];
        }),
      ),
    ]),
  );

/** Fields every step may carry (section 3). */
export const COMMON_FIELDS: readonly string[] = [
  'do',
  'as',
  'thread',
  'proc',
  'note',
  'expect',
  'say',
  'ask',
];

/** Result fields (section 5) an `expect` may name; extend when the engine reports more. */
export const RESULT_FIELDS: readonly string[] = [
  'seq',
  'path',
  'do',
  'proc',
  'thread',
  'ret',
  'errno',
  'out',
  'value',
  'msgs',
  'pages',
  'uffd_wp',
  'rss',
  'blocked',
  'resumed',
  'signal',
  'si_code',
  'events',
];

/** The fields of one step: its call's, plus an ioctl request's struct fields when known. */
export function fieldsOf(step: {
  do: string;
  request?: unknown;
}): Readonly<Record<string, FieldSpec>> {
  const call = Object.hasOwn(CALLS, step.do) ? CALLS[step.do] : undefined;
  if (!call) return {};
  if (
    step.do === 'ioctl' &&
    typeof step.request === 'string' &&
    Object.hasOwn(IOCTL_REQUESTS, step.request)
  ) {
    return { ...call.fields, ...IOCTL_REQUESTS[step.request] };
  }
  return call.fields;
}
