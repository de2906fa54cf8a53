/**
 * One leaf step → the C statements that perform it on the real kernel and print its record's
 * fields (format section 5) through the runtime's helpers (do_load, put_ret_int, ...), for every
 * target. The calls every target runs are here; a target adds its own (Target.steps: MTE on arm64,
 * userfaultfd and rss on x86_64) and refuses the rest (Target.refuseCall).
 */
import { ScenarioError } from '../scenario/types';
import { MADV_TABLE, MAP_TABLE, MFD_TABLE, MREMAP_TABLE, PROT_TABLE } from '../scenario/flags';
import { bytesToC, cString, flagsToC, intToC } from './cexpr';
import type { Leaf } from './plan';
import { CrosscheckRefusal, REFPAGE_REASON } from './refuse';
import type { StepContext, StepFields } from './target';

/** The helper every emitter works through: the step's fields as C. */
function stepFields(leaf: Leaf, ctx: StepContext): StepFields {
  const s = leaf.step as StepFields['step'];
  const w = leaf.where;
  const bindIndex = (): number =>
    s.as === undefined ? -1 : ctx.plan.names.findIndex((n) => n.name === s.as);
  const bind = (): string => {
    const i = bindIndex();
    return i < 0 ? '' : `bind_name(${i}, r);\n`;
  };
  const int = (field: string, dflt?: string): string => {
    if (s[field] === undefined) {
      if (dflt !== undefined) return dflt;
      throw new ScenarioError(`${w}.${field}`, 'missing');
    }
    return intToC(s[field], ctx, `${w}.${field}`);
  };
  return {
    leaf,
    step: s,
    where: w,
    ctx,
    int,
    addr: (field, dflt) => `(unsigned long long)${int(field, dflt)}`,
    flags: (field, table, dflt = '0') =>
      s[field] === undefined ? dflt : flagsToC(s[field], table, ctx, `${w}.${field}`),
    string: (field) => {
      if (typeof s[field] !== 'string')
        throw new ScenarioError(`${w}.${field}`, 'expected a string');
      return cString(s[field]);
    },
    bindIndex,
    sysInt: (call) =>
      `errno = 0;\nlong long r = ${call};\nint e = errno;\n${bind()}put_ret_int(r, e);`,
    sysAddr: (call) =>
      `errno = 0;\nlong long r = (long long)(intptr_t)${call};\nint e = errno;\n${bind()}put_ret_addr(r, e);`,
  };
}

export function emitStep(leaf: Leaf, ctx: StepContext): string {
  const f = stepFields(leaf, ctx);
  const own = ctx.target.steps[leaf.step.do];
  if (own) return own(f);
  const { int, addr, flags, sysInt, sysAddr } = f;
  const s = f.step;
  switch (s.do) {
    case 'mmap':
      return sysAddr(
        `mmap((void *)(uintptr_t)${int('addr', '0')}, (size_t)${int('length')}, (int)${flags('prot', PROT_TABLE)}, (int)${flags('flags', MAP_TABLE)}, (int)${int('fd', '(-1)')}, (off_t)${int('offset', '0')})`,
      );
    case 'munmap':
      return sysInt(`munmap((void *)(uintptr_t)${int('addr')}, (size_t)${int('length')})`);
    case 'mprotect':
      return sysInt(
        `mprotect((void *)(uintptr_t)${int('addr')}, (size_t)${int('length')}, (int)${flags('prot', PROT_TABLE)})`,
      );
    case 'mremap':
      return sysAddr(
        `mremap((void *)(uintptr_t)${int('old_address')}, (size_t)${int('old_size')}, (size_t)${int('new_size')}, (int)${flags('flags', MREMAP_TABLE)}, (void *)(uintptr_t)${int('new_address', '0')})`,
      );
    case 'madvise':
      return sysInt(
        `madvise((void *)(uintptr_t)${int('addr')}, (size_t)${int('length')}, (int)${flags('advice', MADV_TABLE)})`,
      );
    case 'memfd_create':
      return sysInt(
        `memfd_create(${f.string('name')}, (unsigned int)${flags('flags', MFD_TABLE)})`,
      );
    case 'ftruncate':
      return sysInt(`ftruncate((int)${int('fd')}, (off_t)${int('length')})`);
    case 'close':
      return sysInt(`close((int)${int('fd')})`);
    case 'fork':
      return `do_fork(${ctx.plan.forkChild.get(leaf.id)});`;
    case 'exit':
      return `do_exit(${int('status', '0')});`;
    case 'load':
      return `do_load(${addr('addr')}, ${int('length', '1')});`;
    case 'store': {
      if (s.bytes !== undefined) {
        return `static const unsigned char d[] = ${bytesToC(s.bytes, `${f.where}.bytes`)};\ndo_store(${addr('addr')}, d, sizeof d, sizeof d);`;
      }
      return `static const unsigned char d[] = ${bytesToC(s.fill, `${f.where}.fill`)};\ndo_store(${addr('addr')}, d, sizeof d, ${int('length')});`;
    }
    case 'pagemap':
      return `do_pagemap(${addr('addr')}, ${int('length')});`;
    case 'refpage_create':
      throw new CrosscheckRefusal(REFPAGE_REASON);
    case 'rss':
    case 'userfaultfd':
    case 'ioctl':
    case 'read':
    case 'poll':
    case 'prctl':
    case 'stg':
    case 'ldg':
    case 'st2g':
    case 'stzg':
    case 'stz2g':
    case 'irg':
    case 'addg':
    case 'subg':
    case 'dc_gzva':
    case 'mte_tcf_preferred':
      throw new CrosscheckRefusal(ctx.target.refuseCall(s.do));
    default: {
      const never: never = s;
      throw new ScenarioError(
        `${f.where}.do`,
        `unknown call ${JSON.stringify((never as { do: unknown }).do)}`,
      );
    }
  }
}
