import type { StepResult } from './result';
import type { Binding } from './state';
import type { SysResult } from './syscall';

/** What a step handler returns: the record's fields, and what `as` binds. */
export type Fields = Omit<StepResult, 'seq' | 'path' | 'do' | 'proc' | 'thread' | 'events'> & {
  /** The value `as` binds (default: a numeric `ret`). */
  bind?: Binding;
  /** ret is an address to print symbolically. */
  retAddr?: number;
};

export function sysFields(r: SysResult): Fields {
  if (r.isAddr && typeof r.ret === 'number') return { ret: r.ret, errno: null, retAddr: r.ret };
  return { ret: r.ret, errno: r.errno };
}
