/**
 * The kernel lines (docs/kernel-versions.md): each gated behaviour on the lines before and after
 * its change. The x86_64 answers of 6.1 and 6.12 were seen on Debian's kernels under QEMU (the
 * version-specific corpus scenarios run there); 6.6 and arm64 after 6.1 follow the source.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../test-support/runner';
import type { Machine } from '../../scenario/types';
import { hasMemoryFailure, hasUffdWp, kernelHas } from './version';
import { MISSING, WP, ioctl, load, mmap, register, uffd } from '../test-support/uffd_steps';

type M = Partial<Machine>;

describe('kernelHas', () => {
  it('a change is in every line from its release on; the default line is 6.18', () => {
    expect(
      ['6.1', '6.6', '6.12', '6.18'].map((k) => kernelHas({ kernel: k as never }, 'uffdPoison')),
    ).toEqual([false, true, true, true]);
    expect(kernelHas({ kernel: '6.6' }, 'uffdMove')).toBe(false);
    expect(kernelHas({ kernel: '6.12' }, 'uffdMove')).toBe(true);
    expect(kernelHas({}, 'unregisterOwnerOnly')).toBe(true);
    expect(kernelHas({ kernel: '6.12' }, 'unregisterOwnerOnly')).toBe(false);
  });

  it('userfaultfd write-protection: x86_64 on every line, arm64 from 6.10', () => {
    expect(hasUffdWp({ arch: 'x86_64', kernel: '6.1' })).toBe(true);
    expect(hasUffdWp({ arch: 'arm64', kernel: '6.6' })).toBe(false);
    expect(hasUffdWp({ arch: 'arm64', kernel: '6.12' })).toBe(true);
  });

  it('CONFIG_MEMORY_FAILURE: as the checked kernels are built unless the scenario says', () => {
    expect(hasMemoryFailure({ kernel: '6.1' })).toBe(true);
    expect(hasMemoryFailure({ kernel: '6.12' })).toBe(true);
    expect(hasMemoryFailure({})).toBe(false);
    expect(hasMemoryFailure({ kernel: '6.18', memoryFailure: true })).toBe(true);
    expect(hasMemoryFailure({ kernel: '6.12', memoryFailure: false })).toBe(false);
  });
});

const api = (m: M, features?: string) => run(uffd(features), m).at(2);
const features = (m: M) => (api(m).out as { features: string }).features;

describe('UFFDIO_API and UFFDIO_REGISTER on each line', () => {
  it("answers each line's features; asking for a later one is EINVAL", () => {
    expect(features({ kernel: '6.1' })).not.toMatch(
      /FEATURE_(WP_UNPOPULATED|POISON|WP_ASYNC|MOVE)\b/,
    );
    expect(features({ kernel: '6.1' })).toMatch(/UFFD_FEATURE_PAGEFAULT_FLAG_WP\|/);
    expect(features({ kernel: '6.6' })).toMatch(/WP_UNPOPULATED\|UFFD_FEATURE_POISON$/);
    expect(features({ kernel: '6.12' })).toMatch(/WP_ASYNC\|UFFD_FEATURE_MOVE$/);
    expect(api({ kernel: '6.1' }, 'UFFD_FEATURE_MOVE')).toMatchObject({
      ret: -1,
      errno: 'EINVAL',
      out: { features: '0', ioctls: '0' },
    });
    expect(api({ kernel: '6.12' }, 'UFFD_FEATURE_MOVE')).toMatchObject({ ret: 0 });
  });

  it('arm64 before 6.10 has no write-protection features, and MODE_WP is EINVAL', () => {
    const m: M = { arch: 'arm64', kernel: '6.6' };
    const out = run([...uffd(), mmap(1, 'p'), register('p', 1, WP), register('p', 1, MISSING)], m);
    expect((out.at(2).out as { features: string }).features).not.toMatch(/WP/);
    expect(out.at(4)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(5)).toMatchObject({
      ret: 0,
      out: { ioctls: 'UFFDIO_WAKE|UFFDIO_COPY|UFFDIO_ZEROPAGE|UFFDIO_POISON' },
    });
  });

  it("REGISTER lists the line's range ioctls: POISON from 6.6, MOVE from 6.8", () => {
    const ioctls = (kernel: Machine['kernel']) =>
      run([...uffd(), mmap(1, 'p'), register('p', 1, MISSING)], { kernel }).at(4).out;
    expect(ioctls('6.1')).toEqual({ ioctls: 'UFFDIO_WAKE|UFFDIO_COPY|UFFDIO_ZEROPAGE' });
    expect(ioctls('6.6')).toEqual({
      ioctls: 'UFFDIO_WAKE|UFFDIO_COPY|UFFDIO_ZEROPAGE|UFFDIO_POISON',
    });
    expect(ioctls('6.12')).toEqual({
      ioctls: 'UFFDIO_WAKE|UFFDIO_COPY|UFFDIO_ZEROPAGE|UFFDIO_MOVE|UFFDIO_POISON',
    });
  });
});

describe('ioctls a line does not have', () => {
  it('POISON before 6.6 and MOVE before 6.8 are EINVAL, their struct left as preset', () => {
    const steps = [
      ...uffd(),
      mmap(2, 'p'),
      register('p', 2, MISSING),
      ioctl('UFFDIO_POISON', { start: 'p', len: 'PAGE', mode: 0, updated: 7 }),
      ioctl('UFFDIO_MOVE', { dst: 'p', src: 'p+PAGE', len: 'PAGE', mode: 0 }),
    ];
    const old = run(steps, { kernel: '6.1' });
    expect(old.at(5)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { updated: 7 } });
    expect(old.at(6)).toMatchObject({ ret: -1, errno: 'EINVAL', out: { move: 0 } });
    const mid = run(steps, { kernel: '6.6' });
    expect(mid.at(5)).toMatchObject({ ret: 0, out: { updated: 4096 } });
    expect(mid.at(6)).toMatchObject({ ret: -1, errno: 'EINVAL' });
  });

  it('CONTINUE knows MODE_WP from 6.4', () => {
    const steps = [
      ...uffd(),
      { do: 'memfd_create', name: 'm', as: 'm' },
      { do: 'ftruncate', fd: 'm', length: 'PAGE' },
      mmap(1, 'p', { flags: 'MAP_SHARED', fd: 'm' }),
      register('p', 1, 'UFFDIO_REGISTER_MODE_MINOR|UFFDIO_REGISTER_MODE_WP'),
      ioctl('UFFDIO_CONTINUE', { start: 'p', len: 'PAGE', mode: 'UFFDIO_CONTINUE_MODE_WP' }),
    ] as never[];
    expect(run(steps, { kernel: '6.1' }).at(7)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(run(steps, { kernel: '6.6' }).at(7)).toMatchObject({ errno: 'EFAULT' });
  });
});

describe('behaviours that changed', () => {
  it('UNREGISTER through another userfaultfd: allowed before 6.18, EINVAL on 6.18', () => {
    const steps = [
      ...uffd(),
      ...uffd(undefined, 'O_CLOEXEC|O_NONBLOCK', 'u2'),
      mmap(1, 'p'),
      register('p', 1, MISSING),
      ioctl('UFFDIO_UNREGISTER', { start: 'p', len: 'PAGE' }, 'u2'),
    ];
    expect(run(steps, { kernel: '6.12' }).at(7)).toMatchObject({ ret: 0 });
    expect(run(steps, { kernel: '6.18' }).at(7)).toMatchObject({ ret: -1, errno: 'EINVAL' });
  });

  it("a poison marker's si_code: BUS_MCEERR_AR with CONFIG_MEMORY_FAILURE or on arm64", () => {
    const steps = [
      ...uffd(),
      mmap(1, 'p'),
      register('p', 1, MISSING),
      ioctl('UFFDIO_POISON', { start: 'p', len: 'PAGE' }),
      load('p'),
    ];
    const code = (m: M) => run(steps, m).at(6).si_code;
    expect(code({ kernel: '6.12' })).toBe('BUS_MCEERR_AR');
    expect(code({})).toBe('BUS_ADRERR');
    expect(code({ memoryFailure: true })).toBe('BUS_MCEERR_AR');
    expect(code({ arch: 'arm64' })).toBe('BUS_MCEERR_AR');
  });
});

describe('memory management on each line', () => {
  it('UFFDIO_WRITEPROTECT over two VMAs: ENOENT before 6.5, both protected after', () => {
    const steps = [
      ...uffd(),
      mmap(2, 'p'),
      register('p', 2, WP),
      { do: 'mprotect', addr: 'p+PAGE', length: 'PAGE', prot: 'PROT_READ' } as const,
      ioctl('UFFDIO_WRITEPROTECT', {
        start: 'p',
        len: '2*PAGE',
        mode: 'UFFDIO_WRITEPROTECT_MODE_WP',
      }),
      ioctl('UFFDIO_WRITEPROTECT', {
        start: 'p',
        len: 'PAGE',
        mode: 'UFFDIO_WRITEPROTECT_MODE_WP',
      }),
    ];
    const old = run(steps, { kernel: '6.1' });
    expect(old.at(6)).toMatchObject({ ret: -1, errno: 'ENOENT' });
    expect(old.at(7)).toMatchObject({ ret: 0 });
    expect(run(steps, { kernel: '6.6' }).at(6)).toMatchObject({ ret: 0 });
  });

  it('MADV_POPULATE_* over a hole: walked VMA by VMA before 6.10, stops at the hole after', () => {
    const steps = [
      { do: 'memfd_create', name: 'empty', as: 'fd' },
      mmap(1, 'f', { flags: 'MAP_SHARED', fd: 'fd' }),
      mmap(3, 'a'),
      { do: 'munmap', addr: 'a + PAGE', length: 'PAGE' },
      { do: 'madvise', addr: 'a', length: '4*PAGE', advice: 'MADV_POPULATE_WRITE' },
      { do: 'pagemap', addr: 'a', length: '3*PAGE' },
    ] as never[];
    // 6.6: a's first page, the hole skipped, a's last page, then f: SIGBUS past EOF is EFAULT.
    const walk = run(steps, { kernel: '6.6' });
    expect(walk.at(5)).toMatchObject({ ret: -1, errno: 'EFAULT' });
    expect(walk.at(6)).toMatchObject({ pages: 'x.x' });
    const stop = run(steps, { kernel: '6.12' });
    expect(stop.at(5)).toMatchObject({ ret: -1, errno: 'ENOMEM' });
    expect(stop.at(6)).toMatchObject({ pages: 'x..' });
  });

  it('MAP_DROPPABLE: EINVAL before 6.11; after, private anonymous memory wiped at fork', () => {
    const steps = [
      mmap(1, 'd', { flags: 'MAP_DROPPABLE|MAP_ANONYMOUS' }),
      { do: 'store', addr: 'd', bytes: '07' },
      { do: 'fork', as: 'child' },
      { do: 'load', addr: 'd', proc: 'child' },
      { do: 'madvise', addr: 'd', length: 'PAGE', advice: 'MADV_KEEPONFORK' },
      { do: 'memfd_create', name: 'm', as: 'm' },
      mmap(1, 'f', { flags: 'MAP_DROPPABLE', fd: 'm' }),
    ] as never[];
    expect(run(steps.slice(0, 1), { kernel: '6.6' }).at(1)).toMatchObject({ errno: 'EINVAL' });
    const out = run(steps, { kernel: '6.12' });
    expect(out.at(1)).toMatchObject({ ret: 'd' });
    expect(out.at(4)).toMatchObject({ value: '00' });
    expect(out.at(5)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(out.at(7)).toMatchObject({ ret: -1, errno: 'EINVAL' });
  });

  it('MADV_GUARD_*: unknown advice before 6.13; from 6.13 refused as not modelled', () => {
    const steps = [
      mmap(1, 'p'),
      { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_GUARD_INSTALL' },
    ] as never[];
    expect(run(steps, { kernel: '6.12' }).at(2)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(() => run(steps, { kernel: '6.18' })).toThrow(/guard regions .* not modelled/);
  });

  it('MADV_HWPOISON exists only with CONFIG_MEMORY_FAILURE', () => {
    const steps = [
      mmap(1, 'p'),
      { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_HWPOISON' },
    ] as never[];
    expect(run(steps, {}).at(2)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(() => run(steps, { kernel: '6.12' })).toThrow(/MADV_HWPOISON .* not modelled/);
  });

  it('memfd_create knows MFD_NOEXEC_SEAL and MFD_EXEC from 6.3', () => {
    const steps = [{ do: 'memfd_create', name: 'm', flags: 'MFD_NOEXEC_SEAL' }] as never[];
    expect(run(steps, { kernel: '6.1' }).at(1)).toMatchObject({ ret: -1, errno: 'EINVAL' });
    expect(run(steps, { kernel: '6.6' }).at(1)).toMatchObject({ ret: 3 });
  });
});

describe('mremap of several VMAs (row 15)', () => {
  const steps = [
    mmap(4, 'dst', { prot: 'PROT_NONE' }),
    mmap(3, 'p'),
    { do: 'store', addr: 'p', fill: '0a', length: '3*PAGE' },
    { do: 'mprotect', addr: 'p + PAGE', length: 'PAGE', prot: 'PROT_READ' },
    {
      do: 'mremap',
      old_address: 'p',
      old_size: '3*PAGE',
      new_size: '3*PAGE',
      flags: 'MREMAP_MAYMOVE|MREMAP_FIXED',
      new_address: 'dst',
    },
    { do: 'pagemap', addr: 'dst', length: '4*PAGE' },
    { do: 'store', addr: 'dst + PAGE', bytes: '01' },
  ] as never[];

  it('EFAULT before 6.17; from 6.17 each VMA moves with its protection', () => {
    expect(run(steps, { kernel: '6.12' }).at(5)).toMatchObject({ ret: -1, errno: 'EFAULT' });
    // ...having unmapped its destination first (mremap_to before vma_to_resize).
    const gone = run([...steps.slice(0, 5), { do: 'load', addr: 'dst' } as never], {
      kernel: '6.12',
    });
    expect(gone.at(6)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_MAPERR' });
    const out = run(steps, {});
    expect(out.at(5)).toMatchObject({ ret: 'dst' });
    expect(out.at(6)).toMatchObject({ pages: 'xxx.' });
    expect(out.at(7)).toMatchObject({ signal: 'SIGSEGV', si_code: 'SEGV_ACCERR' });
  });
});
