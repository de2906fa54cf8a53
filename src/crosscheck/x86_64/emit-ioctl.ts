/**
 * ioctl(2) on a userfaultfd → C: fill the request's struct from the step's fields (by uAPI name;
 * a uffdio_range is `start`, `len`), call, and print ret, errno and `out`: the fields the kernel
 * writes back, printed on failure too, as the struct holds them after the call (format 5).
 */
import { IOCTL_REQUESTS, FLAG_TABLES } from '../../scenario/calls';
import { UFFD_FEATURE_TABLE, UFFDIO_IOCTLS_TABLE } from '../../scenario/flags';
import { ScenarioError } from '../../scenario/types';
import { flagsToC, intToC } from '../cexpr';
import type { StepFields } from '../target';

interface RequestC {
  struct: string;
  /** step field → C lvalue in the struct `a` */
  lvalue: Readonly<Record<string, string>>;
  /** the out fields, printed after the call */
  out: readonly { key: string; mask?: 'features' | 'ioctls' }[];
}

const RANGE = { start: 'a.range.start', len: 'a.range.len' };

const REQUESTS: Readonly<Record<string, RequestC>> = {
  UFFDIO_API: {
    struct: 'uffdio_api',
    lvalue: { api: 'a.api', features: 'a.features', ioctls: 'a.ioctls' },
    out: [
      { key: 'features', mask: 'features' },
      { key: 'ioctls', mask: 'ioctls' },
    ],
  },
  UFFDIO_REGISTER: {
    struct: 'uffdio_register',
    lvalue: { ...RANGE, mode: 'a.mode', ioctls: 'a.ioctls' },
    out: [{ key: 'ioctls', mask: 'ioctls' }],
  },
  UFFDIO_UNREGISTER: {
    struct: 'uffdio_range',
    lvalue: { start: 'a.start', len: 'a.len' },
    out: [],
  },
  UFFDIO_WAKE: { struct: 'uffdio_range', lvalue: { start: 'a.start', len: 'a.len' }, out: [] },
  UFFDIO_COPY: {
    struct: 'uffdio_copy',
    lvalue: { dst: 'a.dst', src: 'a.src', len: 'a.len', mode: 'a.mode', copy: 'a.copy' },
    out: [{ key: 'copy' }],
  },
  UFFDIO_ZEROPAGE: {
    struct: 'uffdio_zeropage',
    lvalue: { ...RANGE, mode: 'a.mode', zeropage: 'a.zeropage' },
    out: [{ key: 'zeropage' }],
  },
  UFFDIO_MOVE: {
    struct: 'uffdio_move',
    lvalue: { dst: 'a.dst', src: 'a.src', len: 'a.len', mode: 'a.mode', move: 'a.move' },
    out: [{ key: 'move' }],
  },
  UFFDIO_WRITEPROTECT: {
    struct: 'uffdio_writeprotect',
    lvalue: { ...RANGE, mode: 'a.mode' },
    out: [],
  },
  UFFDIO_CONTINUE: {
    struct: 'uffdio_continue',
    lvalue: { ...RANGE, mode: 'a.mode', mapped: 'a.mapped' },
    out: [{ key: 'mapped' }],
  },
  UFFDIO_POISON: {
    struct: 'uffdio_poison',
    lvalue: { ...RANGE, mode: 'a.mode', updated: 'a.updated' },
    out: [{ key: 'updated' }],
  },
};

/** A step's own fields (a lesson's say and ask among them): everything else is the struct's. */
const STEP_FIELDS = new Set([
  'do',
  'as',
  'thread',
  'proc',
  'note',
  'expect',
  'say',
  'ask',
  'fd',
  'request',
]);

function outC(req: RequestC): string {
  if (req.out.length === 0) return '';
  const parts = req.out.map(({ key, mask }, i) => {
    const sep = i === 0 ? '' : ',';
    if (mask === 'features')
      return `put_mask("${sep}", "${key}", a.${key}, FEATURE_NAMES, NFEATURE_NAMES);`;
    if (mask === 'ioctls')
      return `put_mask("${sep}", "${key}", a.${key}, IOCTL_NAMES, NIOCTL_NAMES);`;
    return `out("${sep}\\"${key}\\":%lld", (long long)a.${key});`;
  });
  return `out(",\\"out\\":{");\n${parts.join('\n')}\nout("}");`;
}

export function emitIoctl(f: StepFields): string {
  const { step, where, ctx } = f;
  const request = step.request;
  if (typeof request !== 'string' || !Object.hasOwn(REQUESTS, request)) {
    throw new ScenarioError(
      `${where}.request`,
      `expected a UFFDIO_* request, got ${JSON.stringify(request)}`,
    );
  }
  const req = REQUESTS[request]!;
  const specs = IOCTL_REQUESTS[request] ?? {};
  const fill: string[] = [];
  for (const [field, value] of Object.entries(step)) {
    if (STEP_FIELDS.has(field)) continue;
    const lv = req.lvalue[field];
    const spec = specs[field];
    if (!lv || !spec)
      throw new ScenarioError(`${where}.${field}`, `${request} has no field "${field}"`);
    const fw = `${where}.${field}`;
    let c: string;
    if (spec.kind === 'flags' && spec.table) {
      const table =
        field === 'ioctls'
          ? UFFDIO_IOCTLS_TABLE
          : field === 'features'
            ? UFFD_FEATURE_TABLE
            : FLAG_TABLES[spec.table];
      c = flagsToC(value, table, ctx, fw);
    } else {
      c = intToC(value, ctx, fw);
    }
    fill.push(`${lv} = ${c};`);
  }
  const fd = intToC(step.fd, ctx, `${where}.fd`);
  return [
    `struct ${req.struct} a;`,
    'memset(&a, 0, sizeof a);',
    ...fill,
    'errno = 0;',
    `long long r = ioctl((int)${fd}, ${request}, &a);`,
    'int e = errno;',
    f.bindIndex() >= 0 ? `bind_name(${f.bindIndex()}, r);` : '',
    'put_ret_int(r, e);',
    outC(req),
  ]
    .filter(Boolean)
    .join('\n');
}
