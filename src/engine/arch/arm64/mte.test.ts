/**
 * prctl(PR_SET/GET_TAGGED_ADDR_CTRL), tag-check modes and their inheritance. Each test cites its
 * rule in docs/reference/refpage-mte.md and the source behind it.
 */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../../scenario/types';
import { run } from '../../test-support/runner';
import { resolveTcf } from './mte';

const ARM = { arch: 'arm64' as const, mte: true };
const RWM = 'PROT_READ|PROT_WRITE|PROT_MTE';
const PA = 'MAP_PRIVATE|MAP_ANONYMOUS';
const SYNC = 'PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC';
const ASYNC = 'PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_ASYNC';
const set = (arg: string | number, extra: Partial<Step> = {}): Step =>
  ({ do: 'prctl', option: 'PR_SET_TAGGED_ADDR_CTRL', arg, ...extra }) as Step;
const get = (extra: Partial<Step> = {}): Step =>
  ({ do: 'prctl', option: 'PR_GET_TAGGED_ADDR_CTRL', arg: 0, ...extra }) as Step;
/** A PROT_MTE page `p` whose first granule has tag 3. */
const TAGGED: Step[] = [
  { do: 'mmap', length: 'PAGE', prot: RWM, flags: PA, as: 'p' },
  { do: 'stg', addr: 'tag(p, 3)' },
];
const SEGV_S = { signal: 'SIGSEGV', si_code: 'SEGV_MTESERR' };
const SEGV_A = { signal: 'SIGSEGV', si_code: 'SEGV_MTEAERR' };

describe('prctl(PR_SET_TAGGED_ADDR_CTRL) (arch/arm64/kernel/process.c set_tagged_addr_ctrl)', () => {
  it('C9: a new process starts with control 0 (doc §Initial process state; observed get_ctrl_initial=0x0)', () => {
    const out = run([get()], ARM);
    expect(out.at(1)).toMatchObject({ ret: 0, errno: null });
  });

  it('C1: ENABLE, the TCF bits and the include mask round-trip through PR_GET (observed get_ctrl_sync=0x7fff3)', () => {
    const out = run([set(`${SYNC}|0x7fff0`), get()], ARM);
    expect(out.at(1)).toMatchObject({ ret: 0, errno: null });
    expect(out.at(2).ret).toBe(0x7fff3);
    expect(out.at(1).events).toContainEqual(
      expect.objectContaining({
        kind: 'mte_ctrl',
        fn: 'set_tagged_addr_ctrl',
        mode: 'sync',
        incl: 0xfffe,
      }),
    );
  });

  it('C1: an unknown bit is EINVAL and changes nothing (observed prctl_unknown_bit_rc=-1 errno=22)', () => {
    const out = run([set(`${SYNC}|0x80000`), set(2 ** 40), get()], ARM);
    expect(out.at(1)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(2)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(3).ret).toBe(0);
  });

  it('C1: PR_GET_TAGGED_ADDR_CTRL with a non-zero argument is EINVAL (kernel/sys.c)', () => {
    const out = run([{ do: 'prctl', option: 'PR_GET_TAGGED_ADDR_CTRL', arg: 1 }], ARM);
    expect(out.at(1)).toMatchObject({ ret: -1, errno: 'EINVAL' });
  });

  it('x86_64 has no PR_SET/GET_TAGGED_ADDR_CTRL: EINVAL (kernel/sys.c generic SET_TAGGED_ADDR_CTRL)', () => {
    const out = run([set('PR_TAGGED_ADDR_ENABLE'), get()]);
    expect(out.at(1)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(2)).toMatchObject({ ret: -1, errno: 'EINVAL' });
  });

  it('arm64 without MTE: ENABLE alone is fine, an MTE bit is EINVAL (valid_mask without system_supports_mte)', () => {
    const out = run([set('PR_TAGGED_ADDR_ENABLE'), set(SYNC), get()], { arch: 'arm64' });
    expect(out.at(1)).toMatchObject({ ret: 0, errno: null });
    expect(out.at(2)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(3).ret).toBe(1);
  });

  it('C1: the mode does not need PR_TAGGED_ADDR_ENABLE (set_mte_ctrl runs regardless; corpus c1-modes-without-enable)', () => {
    const out = run([set('PR_MTE_TCF_SYNC'), get(), ...TAGGED, { do: 'load', addr: 'p' }], ARM);
    expect(out.at(2).ret).toBe(2);
    expect(out.at(5)).toMatchObject(SEGV_S);
  });

  it('another prctl option is a scenario error rather than a made-up answer', () => {
    expect(() => run([{ do: 'prctl', option: 'PR_SET_NAME', arg: 0 }], ARM)).toThrow(
      /not modelled/,
    );
  });
});

describe('tag-check modes (mte_update_sctlr_user)', () => {
  it('C2: NONE, the default, ignores mismatches (observed tcf_none_mismatch_load=0)', () => {
    const out = run(
      [...TAGGED, { do: 'load', addr: 'tag(p, 9)' }, { do: 'store', addr: 'p', bytes: '01' }],
      ARM,
    );
    expect(out.at(3)).toEqual(expect.objectContaining({ value: '00' }));
    expect(out.at(3).signal).toBeUndefined();
    expect(out.at(4).signal).toBeUndefined();
  });

  it('C3: SYNC gives SEGV_MTESERR and the access is not done (observed load_tag0_ptr_g0_sync_code=9)', () => {
    const out = run(
      [
        set(SYNC),
        ...TAGGED,
        { do: 'store', addr: 'p', bytes: '22' },
        { do: 'load', addr: 'tag(p, 3)' },
      ],
      ARM,
    );
    expect(out.at(4)).toMatchObject(SEGV_S);
    expect(out.at(5).value).toBe('00');
    expect(out.at(4).events).toContainEqual(
      expect.objectContaining({
        kind: 'tag_check',
        fn: 'do_tag_check_fault',
        ok: false,
        ptrTag: 0,
        memTag: 3,
      }),
    );
  });

  it('C4: ASYNC lets the store happen and reports SEGV_MTEAERR on the same step (format 4; observed async_store_code=8)', () => {
    const out = run(
      [
        set(ASYNC),
        ...TAGGED,
        { do: 'store', addr: 'p', bytes: '22' },
        { do: 'load', addr: 'tag(p, 3)' },
      ],
      ARM,
    );
    expect(out.at(4)).toMatchObject(SEGV_A);
    expect(out.at(5).value).toBe('22');
    // check_mte_async_tcf only flags the thread at kernel entry; the signal is sent on the way out.
    expect(out.at(4).events).toContainEqual(
      expect.objectContaining({ kind: 'note', fn: 'check_mte_async_tcf' }),
    );
    expect(out.at(4).events).toContainEqual(
      expect.objectContaining({
        kind: 'signal',
        fn: 'arch_exit_to_user_mode_work',
        si_code: 'SEGV_MTEAERR',
        addr: 0,
      }),
    );
  });

  it('C4: an ASYNC load returns its value and the signal; several mismatches make one signal', () => {
    const out = run(
      [
        set(ASYNC),
        ...TAGGED,
        { do: 'stg', addr: 'tag(p, 5) + 32' },
        { do: 'load', addr: 'p', length: 48 },
      ],
      ARM,
    );
    expect(out.at(5)).toMatchObject({ value: '00'.repeat(48), ...SEGV_A });
    expect(out.records[4]!.events.filter((e) => e.kind === 'signal')).toHaveLength(1);
  });

  it('C5: ASYMM checks reads synchronously and writes asynchronously (observed asymm_load_code=9, asymm_store_code=8)', () => {
    const out = run(
      [
        { do: 'mte_tcf_preferred', value: 'asymm' },
        set('PR_MTE_TCF_SYNC|PR_MTE_TCF_ASYNC'),
        ...TAGGED,
        { do: 'load', addr: 'p' },
        { do: 'store', addr: 'p', bytes: '01' },
      ],
      ARM,
    );
    expect(out.at(5)).toMatchObject(SEGV_S);
    expect(out.at(6)).toMatchObject(SEGV_A);
  });

  it('C6: SYNC|ASYNC runs async by default, PR_GET reports both (observed get=0x7fff7, sync_or_async_load_code=8)', () => {
    const out = run(
      [set(`${SYNC}|PR_MTE_TCF_ASYNC|0x7fff0`), get(), ...TAGGED, { do: 'load', addr: 'p' }],
      ARM,
    );
    expect(out.at(2).ret).toBe(0x7fff7);
    expect(out.at(5)).toMatchObject(SEGV_A);
  });

  it('C6: mte_tcf_preferred=sync makes SYNC|ASYNC synchronous (observed pref_sync_load_code=9 store_code=9)', () => {
    const out = run(
      [
        { do: 'mte_tcf_preferred', value: 'sync' },
        set('PR_MTE_TCF_SYNC|PR_MTE_TCF_ASYNC'),
        ...TAGGED,
        { do: 'store', addr: 'p', bytes: '01' },
      ],
      ARM,
    );
    expect(out.at(1)).toMatchObject({ ret: 0, errno: null });
    expect(out.at(5)).toMatchObject(SEGV_S);
  });

  it('C6: the order async > asymm > sync applies only when the preference was not requested', () => {
    expect(resolveTcf(0)).toBe('none');
    expect(resolveTcf(1, 'async')).toBe('sync');
    expect(resolveTcf(2, 'sync')).toBe('async');
    expect(resolveTcf(3, 'async')).toBe('async');
    expect(resolveTcf(3, 'sync')).toBe('sync');
    expect(resolveTcf(3, 'asymm')).toBe('asymm');
    expect(resolveTcf(1, 'asymm')).toBe('sync');
  });

  it('mte_tcf_preferred: a bogus value is EINVAL; without MTE the file does not exist (ENOENT)', () => {
    expect(run([{ do: 'mte_tcf_preferred', value: 'often' }], ARM).at(1)).toMatchObject({
      ret: -1,
      errno: 'EINVAL',
    });
    expect(
      run([{ do: 'mte_tcf_preferred', value: 'sync' }], { arch: 'arm64' }).at(1),
    ).toMatchObject({ ret: -1, errno: 'ENOENT' });
  });
});

describe('per-thread mode and inheritance', () => {
  it('C1: prctl changes the calling thread only (doc: per-thread)', () => {
    const out = run(
      [
        ...TAGGED,
        set(SYNC, { thread: 'T1' }),
        { do: 'load', addr: 'p', thread: 'T1' },
        { do: 'load', addr: 'p' },
        get(),
      ],
      ARM,
    );
    expect(out.at(4)).toMatchObject(SEGV_S);
    expect(out.at(5).value).toBe('00');
    expect(out.at(6).ret).toBe(0);
  });

  it("format 4: a new thread inherits main's mode when it starts, not main's later changes", () => {
    const out = run(
      [
        set(`${SYNC}|0x7fff0`),
        ...TAGGED,
        get({ thread: 'T1' }),
        set(0),
        { do: 'load', addr: 'p', thread: 'T1' },
        { do: 'load', addr: 'p' },
      ],
      ARM,
    );
    expect(out.at(4).ret).toBe(0x7fff3);
    expect(out.at(6)).toMatchObject(SEGV_S);
    expect(out.at(7).signal).toBeUndefined();
  });

  it("C9: fork copies the forking thread's control (observed child_ctrl=0x7fff3)", () => {
    const out = run(
      [
        set(`${SYNC}|0x7fff0`, { thread: 'T1' }),
        { do: 'fork', as: 'c', thread: 'T1' },
        get({ proc: 'c' }),
      ],
      ARM,
    );
    expect(out.at(3).ret).toBe(0x7fff3);
  });
});
