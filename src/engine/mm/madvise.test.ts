import { describe, expect, it } from 'vitest';
import { PRIV_ANON, RW, run } from '../test-support/runner';

describe('madvise', () => {
  it('MADV_DONTNEED drops private pages: the next read gives zeroes', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'store', addr: 'p', bytes: '55' },
      { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_DONTNEED' },
      { do: 'pagemap', addr: 'p', length: 'PAGE' },
      { do: 'load', addr: 'p' },
    ]);
    expect(out.at(3).ret).toBe(0);
    expect(out.at(4).pages).toBe('.');
    expect(out.at(5).value).toBe('00');
    expect(out.stats.framesFreed).toBe(1);
  });

  it('MADV_DONTNEED on shmem keeps the page cache: the next read gives the file data', () => {
    const out = run([
      { do: 'memfd_create', name: 'm', as: 'fd' },
      { do: 'ftruncate', fd: 'fd', length: 'PAGE' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_SHARED', fd: 'fd', as: 'p' },
      { do: 'store', addr: 'p', bytes: '77' },
      { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_DONTNEED' },
      { do: 'load', addr: 'p' },
    ]);
    expect(out.at(6).value).toBe('77');
  });

  it('MADV_DONTNEED on a private memfd mapping brings back the file data under the private copy', () => {
    const out = run([
      { do: 'memfd_create', name: 'm', as: 'fd' },
      { do: 'ftruncate', fd: 'fd', length: 'PAGE' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_SHARED', fd: 'fd', as: 's' },
      { do: 'store', addr: 's', bytes: '77' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_PRIVATE', fd: 'fd', as: 'p' },
      { do: 'store', addr: 'p', bytes: '88' },
      { do: 'load', addr: 's' },
      { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_DONTNEED' },
      { do: 'load', addr: 'p' },
    ]);
    expect(out.at(6).events).toContainEqual(expect.objectContaining({ kind: 'cow_copied' }));
    expect(out.at(7).value).toBe('77');
    expect(out.at(9).value).toBe('77');
  });

  it('MADV_REMOVE punches a hole in shmem; private anonymous memory gives EINVAL', () => {
    const out = run([
      { do: 'memfd_create', name: 'm', as: 'fd' },
      { do: 'ftruncate', fd: 'fd', length: 'PAGE' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_SHARED', fd: 'fd', as: 'p' },
      { do: 'store', addr: 'p', bytes: '77' },
      { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_REMOVE' },
      { do: 'load', addr: 'p' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'q' },
      { do: 'madvise', addr: 'q', length: 'PAGE', advice: 'MADV_REMOVE' },
    ]);
    expect(out.at(5).ret).toBe(0);
    expect(out.at(6).value).toBe('00');
    expect(out.at(8)).toMatchObject({ ret: -1, errno: 'EINVAL' });
  });

  it('MADV_POPULATE_WRITE allocates; a hole gives ENOMEM; bad advice EINVAL', () => {
    const out = run([
      { do: 'mmap', length: '2*PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'madvise', addr: 'p', length: '2*PAGE', advice: 'MADV_POPULATE_WRITE' },
      { do: 'pagemap', addr: 'p', length: '2*PAGE' },
      { do: 'madvise', addr: 'p', length: '3*PAGE', advice: 'MADV_DONTNEED' },
      { do: 'madvise', addr: 'p', length: 'PAGE', advice: 999 },
    ]);
    expect(out.at(3).pages).toBe('xx');
    expect(out.at(4)).toMatchObject({ ret: -1, errno: 'ENOMEM' });
    expect(out.at(5)).toMatchObject({ ret: -1, errno: 'EINVAL' });
  });
});

describe('shmem / memfd', () => {
  it('MAP_SHARED memfd pages are one frame for every mapper, across fork too', () => {
    const out = run([
      { do: 'memfd_create', name: 'shared', as: 'fd' },
      { do: 'ftruncate', fd: 'fd', length: '2*PAGE' },
      { do: 'mmap', length: '2*PAGE', prot: RW, flags: 'MAP_SHARED', fd: 'fd', as: 'a' },
      { do: 'mmap', length: '2*PAGE', prot: RW, flags: 'MAP_SHARED', fd: 'fd', as: 'b' },
      { do: 'store', addr: 'a', bytes: '42' },
      { do: 'load', addr: 'b' },
      { do: 'pagemap', addr: 'a', length: '2*PAGE' },
      { do: 'fork', as: 'child' },
      { do: 'store', proc: 'child', addr: 'b + PAGE', bytes: '43' },
      { do: 'load', addr: 'a + PAGE' },
      { do: 'rss' },
    ]);
    expect(out.at(6).value).toBe('42');
    expect(out.at(7).pages).toBe('s.');
    expect(out.at(10).value).toBe('43');
    expect(out.at(11).rss).toEqual({ anon: 0, file: 0, shmem: 3 });
  });

  it('a fault past the end of the file is SIGBUS/BUS_ADRERR; ftruncate shrinking unmaps', () => {
    const out = run([
      { do: 'memfd_create', name: 'm', as: 'fd' },
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_SHARED', fd: 'fd', as: 'p' },
      { do: 'load', addr: 'p' },
      { do: 'ftruncate', fd: 'fd', length: 'PAGE' },
      { do: 'store', addr: 'p', bytes: '01' },
      { do: 'ftruncate', fd: 'fd', length: 0 },
      { do: 'pagemap', addr: 'p', length: 'PAGE' },
      { do: 'ftruncate', fd: 99, length: 0 },
      { do: 'close', fd: 'fd' },
      { do: 'close', fd: 'fd' },
    ]);
    expect(out.at(3)).toMatchObject({ signal: 'SIGBUS', si_code: 'BUS_ADRERR' });
    expect(out.at(7).pages).toBe('.');
    expect(out.at(8)).toMatchObject({ ret: -1, errno: 'EBADF' });
    expect(out.at(9).ret).toBe(0);
    expect(out.at(10)).toMatchObject({ ret: -1, errno: 'EBADF' });
  });

  it('MAP_SHARED|MAP_ANONYMOUS is shmem: a read fault allocates a page (no zero page)', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: 'MAP_SHARED|MAP_ANONYMOUS', as: 'p' },
      { do: 'load', addr: 'p' },
      { do: 'pagemap', addr: 'p', length: 'PAGE' },
      { do: 'rss' },
      { do: 'munmap', addr: 'p', length: 'PAGE' },
    ]);
    expect(out.at(3).pages).toBe('x');
    expect(out.at(4).rss).toEqual({ anon: 0, file: 0, shmem: 1 });
    expect(out.finalState.frames.used).toBe(0);
  });
});

describe('mremap', () => {
  it('moves pages with MREMAP_MAYMOVE; DONTUNMAP leaves the old range empty', () => {
    const out = run([
      { do: 'mmap', length: 'PAGE', prot: RW, flags: PRIV_ANON, as: 'p' },
      { do: 'mmap', length: 'PAGE', prot: 'PROT_READ', flags: PRIV_ANON, as: 'blocker' },
      { do: 'store', addr: 'p', bytes: '5a' },
      {
        do: 'mremap',
        old_address: 'p',
        old_size: 'PAGE',
        new_size: 'PAGE',
        flags: 'MREMAP_MAYMOVE|MREMAP_DONTUNMAP',
        as: 'q',
      },
      { do: 'load', addr: 'q' },
      { do: 'pagemap', addr: 'p', length: 'PAGE' },
      { do: 'load', addr: 'p' },
      { do: 'mremap', old_address: 'q', old_size: 'PAGE', new_size: '2*PAGE', flags: 0 },
      { do: 'mremap', old_address: 'q + 1', old_size: 'PAGE', new_size: 'PAGE', flags: 0 },
      { do: 'mremap', old_address: 0x10000, old_size: 'PAGE', new_size: 'PAGE', flags: 0 },
    ]);
    expect(out.at(4).ret).toBe('q');
    expect(out.at(5).value).toBe('5a');
    expect(out.at(6).pages).toBe('.');
    expect(out.at(7).value).toBe('00');
    expect(out.at(9)).toMatchObject({ errno: 'EINVAL' });
    expect(out.at(10)).toMatchObject({ errno: 'EFAULT' });
  });
});

describe('fault-around (do_fault_around)', () => {
  it('a read fault on shmem maps the cached neighbours in its 16-page window, not beyond the VMA', () => {
    const out = run([
      { do: 'memfd_create', name: 'm', as: 'fd' },
      { do: 'ftruncate', fd: 'fd', length: '32*PAGE' },
      { do: 'mmap', length: '32*PAGE', prot: RW, flags: 'MAP_SHARED', fd: 'fd', as: 'w' },
      { do: 'store', addr: 'w', fill: '01', length: '32*PAGE' },
      { do: 'mmap', length: '3*PAGE', prot: 'PROT_READ', flags: 'MAP_SHARED', fd: 'fd', as: 'r' },
      { do: 'load', addr: 'r + PAGE' },
      { do: 'pagemap', addr: 'r', length: '3*PAGE' },
      { do: 'madvise', addr: 'w', length: '32*PAGE', advice: 'MADV_DONTNEED' },
      { do: 'load', addr: 'w + 20*PAGE' },
      { do: 'pagemap', addr: 'w', length: '32*PAGE' },
    ]);
    expect(out.at(7).pages).toBe('sss');
    // The window is aligned by virtual address; w's position decides which 16 pages it covers.
    const w = (out.finalState.bindings.w as { value: number }).value / 4096;
    const from = Math.max(0, 20 - ((w + 20) % 16));
    const expected = Array.from({ length: 32 }, (_, i) =>
      i >= from && i < from + 16 ? 'x' : '.',
    ).join('');
    expect(out.at(10).pages).toBe(expected);
  });

  it('does not happen for write faults or private anonymous memory', () => {
    const out = run([
      { do: 'mmap', length: '4*PAGE', prot: RW, flags: 'MAP_SHARED|MAP_ANONYMOUS', as: 's' },
      { do: 'store', addr: 's', fill: '01', length: '4*PAGE' },
      { do: 'madvise', addr: 's', length: '4*PAGE', advice: 'MADV_DONTNEED' },
      { do: 'store', addr: 's', bytes: '02' },
      { do: 'pagemap', addr: 's', length: '4*PAGE' },
    ]);
    expect(out.at(5).pages).toBe('x...');
  });
});
