/**
 * PROT_MTE in mmap and mprotect (docs/reference/refpage-mte.md B.2 P1, P4, P5) and the vm_flags
 * helpers.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../test-support/runner';
import { VM_MTE, VM_MTE_ALLOWED } from '../state';
import { vmClear, vmHas, vmSet } from './vm_flags';

const ARM = { arch: 'arm64' as const, mte: true };
const RW = 'PROT_READ|PROT_WRITE';
const RWM = 'PROT_READ|PROT_WRITE|PROT_MTE';
const SYNC = {
  do: 'prctl',
  option: 'PR_SET_TAGGED_ADDR_CTRL',
  arg: 'PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC',
} as const;

describe('PROT_MTE in mmap (arch_calc_vm_prot_bits, arch_validate_flags)', () => {
  it('P1: private and shared anonymous memory and memfd accept PROT_MTE (doc §PROT_MTE; observed shared anon, memfd ok)', () => {
    const out = run(
      [
        { do: 'mmap', length: 'PAGE', prot: RWM, flags: 'MAP_PRIVATE|MAP_ANONYMOUS', as: 'a' },
        { do: 'mmap', length: 'PAGE', prot: RWM, flags: 'MAP_SHARED|MAP_ANONYMOUS', as: 'b' },
        { do: 'memfd_create', name: 'm', as: 'fd' },
        { do: 'ftruncate', fd: 'fd', length: 'PAGE' },
        { do: 'mmap', length: 'PAGE', prot: RWM, flags: 'MAP_SHARED', fd: 'fd', as: 'c' },
      ],
      ARM,
    );
    for (const seq of [1, 2, 5]) expect(out.at(seq).errno).toBeNull();
    for (const v of out.finalState.procs.main!.mm.vmas) {
      expect(vmHas(v.flags, VM_MTE)).toBe(true);
      expect(vmHas(v.flags, VM_MTE_ALLOWED)).toBe(true);
    }
  });

  it('P1: without MTE, PROT_MTE is an unknown prot bit that mmap ignores (calc_vm_prot_bits)', () => {
    for (const machine of [{}, { arch: 'arm64' as const }]) {
      const out = run(
        [{ do: 'mmap', length: 'PAGE', prot: 0x23, flags: 'MAP_PRIVATE|MAP_ANONYMOUS', as: 'p' }],
        machine,
      );
      expect(out.at(1).errno).toBeNull();
      expect(vmHas(out.finalState.procs.main!.mm.vmas[0]!.flags, VM_MTE)).toBe(false);
    }
  });
});

describe('PROT_MTE in mprotect', () => {
  it('P4: mprotect adds PROT_MTE; existing data stays, tags start at 0, checks apply (observed after_mprotect_mismatch_load=9)', () => {
    const out = run(
      [
        SYNC,
        { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_PRIVATE|MAP_ANONYMOUS', as: 'p' },
        { do: 'store', addr: 'p', bytes: '01' },
        { do: 'mprotect', addr: 'p', length: 'PAGE', prot: RWM },
        { do: 'ldg', addr: 'p' },
        { do: 'load', addr: 'p' },
        { do: 'load', addr: 'tag(p, 3)' },
      ],
      ARM,
    );
    expect(out.at(4)).toMatchObject({ ret: 0, errno: null });
    expect(out.at(5).value).toBe('0');
    expect(out.at(6).value).toBe('01');
    expect(out.at(7)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_MTESERR' });
  });

  it('P5: mprotect cannot clear PROT_MTE (selftest check_mmap_options.c check_clear_prot_mte_flag)', () => {
    const out = run(
      [
        SYNC,
        { do: 'mmap', length: 'PAGE', prot: RWM, flags: 'MAP_PRIVATE|MAP_ANONYMOUS', as: 'p' },
        { do: 'stg', addr: 'tag(p, 4)' },
        { do: 'mprotect', addr: 'p', length: 'PAGE', prot: RW },
        { do: 'load', addr: 'p' },
      ],
      ARM,
    );
    expect(out.at(4)).toMatchObject({ ret: 0, errno: null });
    expect(out.at(5)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_MTESERR' });
  });

  it('P1: mprotect(PROT_MTE) is EINVAL without MTE (arch_validate_prot) and on x86_64', () => {
    for (const machine of [{}, { arch: 'arm64' as const }]) {
      const out = run(
        [
          { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_PRIVATE|MAP_ANONYMOUS', as: 'p' },
          { do: 'mprotect', addr: 'p', length: 'PAGE', prot: 0x23 },
        ],
        machine,
      );
      expect(out.at(2)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    }
  });
});

describe('vm_flags arithmetic past bit 31', () => {
  it('sets, clears and tests VM_MTE without losing other bits', () => {
    const f = vmSet(0x73, VM_MTE + VM_MTE_ALLOWED);
    expect(f).toBe(0x73 + VM_MTE + VM_MTE_ALLOWED);
    expect(vmHas(f, VM_MTE)).toBe(true);
    expect(vmClear(f, VM_MTE)).toBe(0x73 + VM_MTE_ALLOWED);
    expect(vmClear(f, 0x2)).toBe(0x71 + VM_MTE + VM_MTE_ALLOWED);
    expect(vmHas(0x80000000, 0x80000000)).toBe(true);
  });
});
