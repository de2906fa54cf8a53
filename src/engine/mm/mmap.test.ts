import { describe, expect, it } from 'vitest';
import { PRIV_ANON, RW, run } from '../test-support/runner';

describe('mmap placement', () => {
  it('places mappings top-down, adjacent, deterministically', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'a' },
      { do: 'mmap', length: '2*PAGE', prot: 'PROT_READ', flags: PRIV_ANON, as: 'b' },
    ]);
    const s = out.finalState;
    const a = s.bindings.a as { value: number };
    const b = s.bindings.b as { value: number };
    expect(a.value).toBe(0x7ffff7fff000 - 4096);
    expect(b.value).toBe(a.value - 2 * 4096);
    expect(
      run([{ do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'a' }]).finalState.bindings
        .a,
    ).toEqual(s.bindings.a);
  });

  it('merges compatible neighbours into one VMA (vma_merge)', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'a' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'b' },
    ]);
    expect(out.finalState.procs.main!.mm.vmas).toHaveLength(1);
  });

  it('MAP_FIXED replaces what was there; MAP_FIXED_NOREPLACE is EEXIST', () => {
    const out = run([
      { do: 'mmap', length: '2*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'store', addr: 'p', bytes: '11' },
      {
        do: 'mmap',
        addr: 'p',
        length: 'PAGE',
        prot: RW,
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE',
      },
      {
        do: 'mmap',
        addr: 'p',
        length: 'PAGE',
        prot: RW,
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED',
        as: 'q',
      },
      { do: 'load', addr: 'p' },
    ]);
    expect(out.at(3)).toMatchObject({ ret: -1, errno: 'EEXIST' });
    expect(out.at(4)).toMatchObject({ ret: 'q', errno: null });
    expect(out.at(5).value).toBe('00');
  });

  it('gives the kernel errno for each invalid argument', () => {
    const out = run([
      { do: 'mmap', length: 0, prot: RW, flags: PRIV_ANON },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_ANONYMOUS' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_PRIVATE', fd: 7 },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, offset: 5 },
      {
        do: 'mmap',
        addr: '0x10001',
        length: 'PAGE',
        prot: RW,
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED',
      },
      { do: 'mmap', length: '0x800000000000', prot: RW, flags: PRIV_ANON },
      { do: 'munmap', addr: 1, length: 'PAGE' },
      { do: 'munmap', addr: 0, length: 0 },
    ]);
    expect(out.records.map((r) => r.errno)).toEqual([
      'EINVAL',
      'EINVAL',
      'EBADF',
      'EINVAL',
      'EINVAL',
      'ENOMEM',
      'EINVAL',
      'EINVAL',
    ]);
  });

  it('a userfaultfd-less fd without mmap support is ENODEV; a refpage fd writable shared is EACCES', () => {
    const out = run([
      { do: 'refpage_create', content: 'aa', size: 1, as: 'rfd' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_SHARED', fd: 'rfd' },
    ]);
    expect(out.at(2)).toMatchObject({ ret: -1, errno: 'EACCES' });
  });

  it('MAP_POPULATE faults the pages in at mmap time', () => {
    const out = run([
      {
        do: 'mmap',
        length: '3*PAGE',
        prot: RW,
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE',
        as: 'p',
      },
      { do: 'pagemap', addr: 'p', length: '3*PAGE' },
      {
        do: 'mmap',
        length: '2*PAGE',
        prot: 'PROT_READ',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE',
        as: 'q',
      },
      { do: 'pagemap', addr: 'q', length: '2*PAGE' },
    ]);
    expect(out.at(2).pages).toBe('xxx');
    expect(out.at(4).pages).toBe('zz');
  });

  it('munmap frees private pages and splits a VMA', () => {
    const out = run([
      { do: 'mmap', length: '3*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'store', addr: 'p + PAGE', bytes: '01' },
      { do: 'munmap', addr: 'p + PAGE', length: 'PAGE' },
      { do: 'load', addr: 'p + PAGE' },
      { do: 'rss' },
    ]);
    expect(out.at(3).ret).toBe(0);
    expect(out.at(4)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_MAPERR' });
    expect(out.at(5).rss).toEqual({ anon: 0, file: 0, shmem: 0 });
    expect(out.finalState.procs.main!.mm.vmas).toHaveLength(2);
    expect(out.finalState.frames.used).toBe(0);
  });
});

describe('THP-aligned placement (thp_get_unmapped_area)', () => {
  it('places a private anonymous mapping of a multiple of 2 MiB on a 2 MiB boundary', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'a' },
      { do: 'mmap', length: '2M', prot: RW, flags: PRIV_ANON, as: 'b' },
      { do: 'mmap', length: '2M', prot: RW, flags: 'MAP_SHARED|MAP_ANONYMOUS', as: 'c' },
      { do: 'mmap', length: '3*PAGE', prot: RW, flags: PRIV_ANON, as: 'd' },
    ]);
    const v = (n: string) => (out.finalState.bindings[n] as { value: number }).value;
    expect(v('b') % (2 * 1024 * 1024)).toBe(0);
    expect(v('b') + 2 * 1024 * 1024).toBeLessThan(v('a'));
    // Shared anonymous memory goes through shmem_get_unmapped_area: no alignment, right below b.
    expect(v('c')).toBe(v('b') - 2 * 1024 * 1024);
    // The hole left above b is the highest gap that fits: a small mapping lands there, below a.
    expect(v('d')).toBe(v('a') - 3 * 4096);
  });
});

describe('mprotect', () => {
  it('removing write makes writes fault; adding it back works; EACCES past VM_MAYWRITE; ENOMEM on a hole', () => {
    const out = run([
      { do: 'mmap', length: '2*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'store', addr: 'p', bytes: '01' },
      { do: 'mprotect', addr: 'p', length: 'PAGE', prot: 'PROT_READ' },
      { do: 'store', addr: 'p', bytes: '02' },
      { do: 'mprotect', addr: 'p', length: 'PAGE', prot: RW },
      { do: 'store', addr: 'p', bytes: '03' },
      { do: 'load', addr: 'p' },
      { do: 'mprotect', addr: 'p', length: '3*PAGE', prot: 'PROT_READ' },
      { do: 'mprotect', addr: 'p + 1', length: 'PAGE', prot: 'PROT_READ' },
      { do: 'refpage_create', content: 'aa', size: 1, as: 'rfd' },
      { do: 'mmap', length: 'PAGE', prot: 'PROT_READ', flags: 'MAP_SHARED', fd: 'rfd', as: 'r' },
      { do: 'mprotect', addr: 'r', length: 'PAGE', prot: RW },
    ]);
    expect(out.at(4)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_ACCERR' });
    expect(out.at(7).value).toBe('03');
    expect(out.at(8)).toMatchObject({ ret: -1, errno: 'ENOMEM' });
    expect(out.at(9)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(12)).toMatchObject({ ret: -1, errno: 'EACCES' });
  });
});
