/** A run modelled as an older line names that line's functions (names.ts). */
import { describe, expect, it } from 'vitest';
import { run } from '../test-support/runner';
import type { Machine } from '../../scenario/types';
import { mmap } from '../test-support/uffd_steps';

type M = Partial<Machine>;

describe('function names on each line (names.ts)', () => {
  const fns = (m: M) => {
    const out = run([mmap(2, 'p'), { do: 'munmap', addr: 'p', length: 'PAGE' } as never], m);
    const e = out.records.find((r) => r.seq === 2)!.events;
    return e.flatMap((x) => [x.fn, ...((x as { path?: string[] }).path ?? [])]);
  };

  it('a 6.1 run names the functions 6.1 had; 6.18 its own', () => {
    expect(fns({ kernel: '6.1' })).toContain('do_mas_munmap');
    expect(fns({ kernel: '6.1' })).not.toContain('do_vmi_munmap');
    expect(fns({})).toContain('do_vmi_munmap');
  });
});
