/**
 * One leaf step → the C statements that perform it on the real kernel and print its record's
 * fields (format section 5) through the runtime's helpers (do_load, put_ret_int, ...).
 */
import type { LeafStep } from '../scenario/types';
import { ScenarioError } from '../scenario/types';
import {
  MADV_TABLE,
  MAP_TABLE,
  MFD_TABLE,
  MREMAP_TABLE,
  PROT_TABLE,
  UFFD_FLAGS_TABLE,
} from '../scenario/flags';
import { bytesToC, cString, flagsToC, intToC, type CContext } from './cexpr';
import { emitIoctl } from './emit-ioctl';
import type { Leaf, Plan } from './plan';
import { CrosscheckRefusal, MTE_REASON, REFPAGE_REASON } from './refuse';

export interface StepContext extends CContext {
  readonly plan: Plan;
}

/** The statement that binds the step's `as` to r, if it has one. */
function bindC(step: LeafStep, ctx: StepContext): string {
  if (!step.as) return '';
  const i = ctx.plan.names.findIndex((n) => n.name === step.as);
  return i < 0 ? '' : `bind_name(${i}, r);`;
}

/** A syscall returning an int: run it, keep errno, bind, print ret and errno. */
function sysInt(call: string, step: LeafStep, ctx: StepContext): string {
  return `errno = 0;\nlong long r = ${call};\nint e = errno;\n${bindC(step, ctx)}\nput_ret_int(r, e);`;
}

/** A syscall returning an address (mmap, mremap): printed relative to the names. */
function sysAddr(call: string, step: LeafStep, ctx: StepContext): string {
  return `errno = 0;\nlong long r = (long long)(intptr_t)${call};\nint e = errno;\n${bindC(step, ctx)}\nput_ret_addr(r, e);`;
}

export function emitStep(leaf: Leaf, ctx: StepContext): string {
  const s = leaf.step as LeafStep & Record<string, unknown>;
  const w = leaf.where;
  const int = (field: string, dflt?: string): string => {
    if (s[field] === undefined) {
      if (dflt !== undefined) return dflt;
      throw new ScenarioError(`${w}.${field}`, 'missing');
    }
    return intToC(s[field], ctx, `${w}.${field}`);
  };
  const addr = (field: string, dflt?: string): string => `(unsigned long long)${int(field, dflt)}`;
  const flags = (field: string, table: Parameters<typeof flagsToC>[1], dflt = '0'): string =>
    s[field] === undefined ? dflt : flagsToC(s[field], table, ctx, `${w}.${field}`);

  switch (s.do) {
    case 'mmap':
      return sysAddr(
        `mmap((void *)(uintptr_t)${int('addr', '0')}, (size_t)${int('length')}, (int)${flags('prot', PROT_TABLE)}, (int)${flags('flags', MAP_TABLE)}, (int)${int('fd', '(-1)')}, (off_t)${int('offset', '0')})`,
        s,
        ctx,
      );
    case 'munmap':
      return sysInt(`munmap((void *)(uintptr_t)${int('addr')}, (size_t)${int('length')})`, s, ctx);
    case 'mprotect':
      return sysInt(
        `mprotect((void *)(uintptr_t)${int('addr')}, (size_t)${int('length')}, (int)${flags('prot', PROT_TABLE)})`,
        s,
        ctx,
      );
    case 'mremap':
      return sysAddr(
        `mremap((void *)(uintptr_t)${int('old_address')}, (size_t)${int('old_size')}, (size_t)${int('new_size')}, (int)${flags('flags', MREMAP_TABLE)}, (void *)(uintptr_t)${int('new_address', '0')})`,
        s,
        ctx,
      );
    case 'madvise':
      return sysInt(
        `madvise((void *)(uintptr_t)${int('addr')}, (size_t)${int('length')}, (int)${flags('advice', MADV_TABLE)})`,
        s,
        ctx,
      );
    case 'memfd_create':
      if (typeof s.name !== 'string') throw new ScenarioError(`${w}.name`, 'expected a string');
      return sysInt(
        `memfd_create(${cString(s.name)}, (unsigned int)${flags('flags', MFD_TABLE)})`,
        s,
        ctx,
      );
    case 'ftruncate':
      return sysInt(`ftruncate((int)${int('fd')}, (off_t)${int('length')})`, s, ctx);
    case 'close':
      return sysInt(`close((int)${int('fd')})`, s, ctx);
    case 'fork':
      return `do_fork(${ctx.plan.forkChild.get(leaf.id)}, -1);`;
    case 'exit':
      return `do_exit(${int('status', '0')});`;
    case 'load':
      return `do_load(${addr('addr')}, ${int('length', '1')});`;
    case 'store': {
      if (s.bytes !== undefined) {
        return `static const unsigned char d[] = ${bytesToC(s.bytes, `${w}.bytes`)};\ndo_store(${addr('addr')}, d, sizeof d, sizeof d);`;
      }
      return `static const unsigned char d[] = ${bytesToC(s.fill, `${w}.fill`)};\ndo_store(${addr('addr')}, d, sizeof d, ${int('length')});`;
    }
    case 'pagemap':
      return `do_pagemap(${addr('addr')}, ${int('length')});`;
    case 'rss':
      return 'do_rss();';
    case 'userfaultfd':
      return sysInt(`syscall(SYS_userfaultfd, (int)${flags('flags', UFFD_FLAGS_TABLE)})`, s, ctx);
    case 'ioctl':
      return emitIoctl(s, w, ctx, bindC(s, ctx));
    case 'read':
      return `do_read((int)${int('fd')}, ${int('count', '1')});`;
    case 'poll':
      return `do_poll((int)${int('fd')}, ${int('timeout', '0')});`;
    case 'refpage_create':
      throw new CrosscheckRefusal(REFPAGE_REASON);
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
      throw new CrosscheckRefusal(MTE_REASON);
    default: {
      const never: never = s;
      throw new ScenarioError(
        `${w}.do`,
        `unknown call ${JSON.stringify((never as { do: unknown }).do)}`,
      );
    }
  }
}
